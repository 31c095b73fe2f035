-- Billed seconds of compute (Replicate's metrics.predict_time), kept as a column so spend can be summed.
alter table predictions add column predict_time double precision;

create index predictions_owner_kind_created on predictions (owner, kind, created_at);
