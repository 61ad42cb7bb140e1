-- LvExtend coordinator schema, version 1.
-- Every leader write is fenced by the lease (see Store/Fence.cs and docs/coordinator.md).

CREATE TABLE pools (
    pool_id     text        PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per pool: who leads, since which epoch, until when (database clock).
CREATE TABLE leases (
    pool_id      text        PRIMARY KEY REFERENCES pools (pool_id),
    holder       text        NOT NULL DEFAULT '',
    epoch        bigint      NOT NULL DEFAULT 0,
    acquired_at  timestamptz,
    renewed_at   timestamptz,
    expires_at   timestamptz NOT NULL DEFAULT '-infinity'
);

-- Storage domain UUID <-> VG name, the devices LVM is restricted to, the size ceiling.
CREATE TABLE domains (
    domain_id            uuid        PRIMARY KEY,
    pool_id              text        NOT NULL REFERENCES pools (pool_id),
    vg_name              text        NOT NULL,
    devices              text[]      NOT NULL DEFAULT '{}',
    max_volume_size_mib  bigint      NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (pool_id, vg_name)
);

-- Volume UUID <-> LV name (default: the volume UUID string), current size, capacity when known.
CREATE TABLE volumes (
    domain_id     uuid        NOT NULL REFERENCES domains (domain_id),
    volume_id     uuid        NOT NULL,
    lv_name       text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    capacity_mib  bigint,
    extensions    bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, volume_id)
);

-- Hosts as seen through the mailbox.
CREATE TABLE hosts (
    pool_id          text        NOT NULL REFERENCES pools (pool_id),
    host_id          integer     NOT NULL,
    first_seen       timestamptz NOT NULL DEFAULT now(),
    last_seen        timestamptz NOT NULL DEFAULT now(),
    requests         bigint      NOT NULL DEFAULT 0,
    rejections       bigint      NOT NULL DEFAULT 0,
    checksum_errors  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, host_id)
);

-- The audit trail: one row per extend request, its life cycle and the duration of every phase.
CREATE TABLE extend_requests (
    request_id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_id             text        NOT NULL REFERENCES pools (pool_id),
    epoch               bigint      NOT NULL,
    instance_id         text        NOT NULL,
    source              text        NOT NULL CHECK (source IN ('mailbox', 'admin')),
    host_id             integer,
    slot                integer,
    payload             bytea,
    domain_id           uuid,
    volume_id           uuid,
    vg_name             text,
    lv_name             text,
    requested_mib       bigint,
    size_before_bytes   bigint,
    size_after_bytes    bigint,
    state               text        NOT NULL CHECK (state IN ('received', 'rejected', 'waiting_for_space',
                                        'extending', 'done', 'failed', 'withdrawn', 'superseded', 'ignored')),
    reason              text,
    detected_at         timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    waiting_since       timestamptz,
    completed_at        timestamptz,
    detect_seconds      double precision,
    wait_seconds        double precision,
    validate_seconds    double precision,
    lvextend_seconds    double precision,
    record_seconds      double precision,
    reply_seconds       double precision,
    total_seconds       double precision
);

CREATE INDEX extend_requests_pool_state ON extend_requests (pool_id, state, request_id DESC);
CREATE INDEX extend_requests_volume ON extend_requests (volume_id, request_id DESC);
CREATE INDEX extend_requests_host ON extend_requests (pool_id, host_id, request_id DESC);

-- Every state change of every request, in order: what `lvx history` shows.
CREATE TABLE request_events (
    event_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id   bigint      NOT NULL REFERENCES extend_requests (request_id),
    pool_id      text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    state        text        NOT NULL,
    reason       text,
    epoch        bigint      NOT NULL,
    instance_id  text        NOT NULL
);

CREATE INDEX request_events_request ON request_events (request_id, event_id);
CREATE INDEX request_events_pool ON request_events (pool_id, event_id DESC);

-- The live settings of a pool (lvx policy set), as JSON.
CREATE TABLE policy (
    pool_id     text        PRIMARY KEY REFERENCES pools (pool_id),
    settings    jsonb       NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    epoch       bigint      NOT NULL,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
