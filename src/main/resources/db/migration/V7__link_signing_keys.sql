-- The key that signs short-lived links to outputs and event streams, generated once and shared by
-- every instance on the store (unless GATEWAY_LINK_SECRET sets one).
create table link_signing_keys (
    id          varchar(40)  primary key,
    secret      varchar(100) not null,
    created_at  timestamp with time zone not null
);
