-- Each model reference's OpenAPI schema as Replicate published it, fetched on first use and shared by
-- every instance; refreshed after its time to live, or at once when Replicate refused an input we
-- validated with it (stale).
create table model_schemas (
    ref             varchar(300) not null primary key,
    model           varchar(300) not null,
    version_id      varchar(100),
    openapi_schema  varchar      not null,
    fetched_at      timestamp with time zone not null,
    stale           boolean      not null default false
);

-- Results answered from an earlier identical request: its resolved version and full input, hashed,
-- find the earlier succeeded prediction; a cached prediction names it and serves its kept copies.
alter table predictions add column input_hash varchar(64);
alter table predictions add column cached_from varchar(40);
create index predictions_owner_input_hash on predictions (owner, input_hash);

alter table prediction_outputs add column stored_as varchar(60);
