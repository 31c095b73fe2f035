-- Outputs copied out of Replicate, which deletes them one hour after a prediction ends.
create table prediction_outputs (
    prediction_id    varchar(40)   not null,
    idx              integer       not null,
    source_url       varchar(2048) not null,
    state            varchar(16)   not null,
    content_type     varchar(100),
    size_bytes       bigint,
    sha256           varchar(64),
    attempts         integer       not null default 0,
    next_attempt_at  timestamp with time zone not null,
    error            varchar(1000),
    kept_at          timestamp with time zone,
    primary key (prediction_id, idx)
);

create index prediction_outputs_due on prediction_outputs (state, next_attempt_at);
