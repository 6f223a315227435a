// /docs: Swagger UI over the contract (scripts only from this site: the Content-Security-Policy forbids inline ones).
window.addEventListener('load', () => {
  if (window.SwaggerUIBundle) window.SwaggerUIBundle({ url: '/api/v1/openapi.yaml', dom_id: '#swagger-ui' });
});
