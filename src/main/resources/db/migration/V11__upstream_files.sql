-- Files this service put on Replicate's Files API for its callers' inputs (training zips, input images,
-- the compatible API's uploads), kept so that each is deleted upstream once it is no longer needed.
create table upstream_files (
    id              varchar(40)   not null primary key,
    owner           varchar(100)  not null,
    replicate_id    varchar(100)  not null,
    url             varchar(2048) not null,
    name            varchar(255)  not null,
    content_type    varchar(100)  not null,
    size_bytes      bigint        not null,
    sha256          varchar(64)   not null,
    prediction_id   varchar(40),
    created_at      timestamp with time zone not null,
    delete_after    timestamp with time zone,
    delete_attempts integer       not null default 0,
    deleted_at      timestamp with time zone
);

create index upstream_files_prediction on upstream_files (prediction_id);
create index upstream_files_due on upstream_files (deleted_at, delete_after);
