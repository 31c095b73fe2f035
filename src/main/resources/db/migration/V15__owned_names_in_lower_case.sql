-- A model is owned whatever the case it is named in (ModelOwners keeps names in lower case): of claims
-- that differ only in case the oldest stays, and every claimed name is kept in lower case.
delete from model_owners m
where exists (
    select 1 from model_owners o
    where lower(o.model) = lower(m.model) and o.model <> m.model
      and (o.created_at < m.created_at or (o.created_at = m.created_at and o.model < m.model)));

update model_owners set model = lower(model) where model <> lower(model);

-- GET /v1/files lists one caller's files, newest first.
create index upstream_files_owner_created on upstream_files (owner, created_at);
