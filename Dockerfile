# Build: docker build -t copp-platform .   (the image serves API + web; see docker-compose.yml)
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
RUN swift build -c release --product platform-server && cp .build/release/platform-server /platform-server \
    && cp -r .build/release/copp-platform_Platform.resources /platform-resources

FROM debian:bookworm-slim
# LibreOffice Writer turns generated DOCX into PDF (certificates, orders); zlib for the DOCX/XLSX packages
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4 libxml2 tzdata ca-certificates zlib1g \
    libreoffice-writer-nogui fonts-liberation && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/lib/swift/linux/*.so* /usr/lib/swift/linux/
COPY --from=build /platform-server /app/platform-server
# the common-password list (PasswordPolicy): Bundle.module looks for it next to the executable
COPY --from=build /platform-resources /app/copp-platform_Platform.resources
COPY Migrations /app/Migrations
COPY web /app/web
COPY openapi.yaml /app/openapi.yaml
WORKDIR /app
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux HOST=0.0.0.0 PORT=8080
EXPOSE 8080
# migrations run as a separate step in production: `platform-server migrate`
CMD ["/app/platform-server", "serve"]
