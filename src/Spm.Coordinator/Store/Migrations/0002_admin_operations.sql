-- The audit of admin operations on a domain's VG (add-pv today): every attempt, refused or not, with
-- the operator's force flag and the inspection verdict. The device path is stored escaped and bounded
-- (it is operator input and may be anything); it becomes part of domains.devices only after vgextend.
CREATE TABLE admin_operations (
    operation_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_id       text        NOT NULL REFERENCES pools (pool_id),
    domain_id     uuid        NOT NULL,
    epoch         bigint      NOT NULL,
    instance_id   text        NOT NULL,
    operation     text        NOT NULL,
    device        text        NOT NULL,
    force         boolean     NOT NULL,
    outcome       text        NOT NULL,
    detail        text        NOT NULL,
    at            timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX admin_operations_pool_at ON admin_operations (pool_id, at DESC);
