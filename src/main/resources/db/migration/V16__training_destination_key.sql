-- A trained model's trigger word is found whatever the case the model is named in, as its owner is
-- (model_owners, V15): the destination in lower case, beside the destination as it was sent to
-- Replicate. Null on a row written by an instance not yet upgraded, during a rolling upgrade: those
-- are still found by the name exactly as written.
alter table trainings add column destination_key varchar(300);

update trainings set destination_key = lower(destination);

create index trainings_destination_key on trainings (destination_key);
