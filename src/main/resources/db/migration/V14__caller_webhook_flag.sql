-- Whether the caller asked for webhooks about a prediction, so that reading it or changing its state
-- need not look for a subscription that is not there. Null on rows written before this column (or by
-- an instance not yet upgraded, during a rolling upgrade): those are looked up as before, so no webhook
-- is missed; no backfill is needed.
alter table predictions add column caller_webhook boolean;
