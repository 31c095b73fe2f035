-- A claim's token: every update made under a claim names it, so an instance whose lease ran out
-- cannot act on a row another instance has claimed since. send_claim names the claim of the latest
-- send: only its answer may be recorded.
alter table predictions add column claim_token varchar(40);
alter table predictions add column send_claim varchar(40);

-- Upstream predictions (or trainings) this service created but could not attach to their row: canceled
-- at once, and again later until Replicate confirms, so none runs (and is paid for) unseen.
create table orphaned_predictions (
    replicate_id     varchar(64)  not null primary key,
    kind             varchar(16)  not null,
    prediction_id    varchar(40)  not null,
    reason           varchar(500) not null,
    found_at         timestamp with time zone not null,
    canceled_at      timestamp with time zone,
    attempts         integer      not null default 0,
    next_attempt_at  timestamp with time zone not null
);

create index orphaned_predictions_due on orphaned_predictions (canceled_at, next_attempt_at);
