-- Inventory of an organization's resources (seed 000 §4): object groups (addresses), rooms, equipment, staff resources.
-- Composite foreign keys keep every link inside one organization: a room cannot point to another organization's building.
CREATE TABLE object_groups (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    UNIQUE (id, org_id)
);
CREATE INDEX object_groups_org ON object_groups (org_id, name, id);

CREATE TABLE rooms (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    object_group_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    number text,
    floor text,
    room_type_id uuid REFERENCES directory_items (id),
    area numeric(8, 2) CHECK (area > 0),
    capacity int CHECK (capacity > 0),
    accessible boolean NOT NULL DEFAULT false,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    UNIQUE (id, org_id),
    FOREIGN KEY (object_group_id, org_id) REFERENCES object_groups (id, org_id)
);
CREATE INDEX rooms_org ON rooms (org_id, name, id);

CREATE TABLE equipment (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    room_id uuid,
    equipment_type_id uuid REFERENCES directory_items (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    quantity int NOT NULL DEFAULT 1 CHECK (quantity > 0),
    inventory_number text,
    software text,
    consumables text,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    FOREIGN KEY (room_id, org_id) REFERENCES rooms (id, org_id)
);
CREATE INDEX equipment_org ON equipment (org_id, name, id);

CREATE TABLE staff_resources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id uuid REFERENCES users (id),
    last_name text NOT NULL,
    first_name text NOT NULL,
    middle_name text,
    position text NOT NULL,
    email text,
    phone text,
    worldskills_expert boolean NOT NULL DEFAULT false,
    photo_file_id uuid REFERENCES files (id),
    achievements text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    UNIQUE (id, org_id)
);
CREATE INDEX staff_resources_org ON staff_resources (org_id, last_name, first_name, id);

CREATE TABLE staff_resource_competencies (
    staff_id uuid NOT NULL REFERENCES staff_resources (id) ON DELETE CASCADE,
    competency_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (staff_id, competency_id)
);
