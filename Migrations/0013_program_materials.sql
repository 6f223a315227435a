-- Materials of a program (SPEC §5 «materials» tab): files or links, in order, shown on the program page.
CREATE TABLE program_materials (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    file_id uuid REFERENCES files (id),
    url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
    position int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((file_id IS NULL) <> (url IS NULL))
);
CREATE INDEX program_materials_program ON program_materials (program_id, position, created_at);
