-- Token buckets shared by every instance (Bucket4j's JDBC proxy manager: id, serialized state, expiry).
create table bucket4j_buckets (
    id          bigint not null primary key,
    state       bytea,
    expires_at  bigint
);

-- A 429 seen by one instance pauses the budget for all of them.
create table upstream_pauses (
    budget        varchar(16) not null primary key,
    paused_until  timestamp with time zone not null
);
