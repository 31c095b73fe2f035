-- Webhooks to callers: what a caller asked to be told about one prediction or training (its URL, the
-- events it wants and the shape of the body), written in the same transaction that accepted the work.
create table caller_webhooks (
    prediction_id   varchar(40)   not null primary key,
    owner           varchar(100)  not null,
    url             varchar(2048) not null,
    events          varchar(100)  not null,
    body_format     varchar(20)   not null,
    base_url        varchar(500),
    start_enqueued  boolean       not null default false,
    last_enqueued_at timestamp with time zone
);

-- The outbox: one row per event to deliver, written in the transaction of the state change it tells
-- about, delivered by whichever instance leases it first. The body is rendered and frozen at the first
-- attempt, so every retry sends the same message under the same webhook-id.
create table webhook_outbox (
    id              varchar(40)   not null primary key,
    prediction_id   varchar(40)   not null,
    owner           varchar(100)  not null,
    url             varchar(2048) not null,
    event           varchar(20)   not null,
    body_format     varchar(20)   not null,
    state           varchar(20)   not null,
    body            varchar,
    attempts        integer       not null default 0,
    next_attempt_at timestamp with time zone not null,
    lease_token     varchar(40),
    leased_until    timestamp with time zone,
    last_status     integer,
    last_error      varchar(500),
    created_at      timestamp with time zone not null,
    delivered_at    timestamp with time zone
);

create index webhook_outbox_due on webhook_outbox (state, next_attempt_at);
create index webhook_outbox_prediction on webhook_outbox (prediction_id);

-- Each caller's signing secret (whsec_…), made on first use and shared by every instance; what
-- GET /v1/webhooks/default/secret shows the caller, so the official clients' validateWebhook works.
create table caller_webhook_secrets (
    owner           varchar(100)  not null primary key,
    secret          varchar(100)  not null,
    created_at      timestamp with time zone not null
);

-- A training started through the compatible API names its trigger word only inside the trainer's input, if at all.
alter table trainings alter column trigger_word drop not null;
