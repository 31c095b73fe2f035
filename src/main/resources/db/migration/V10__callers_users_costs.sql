-- Who a prediction was made for (the end user of a client token), what it was expected to cost when
-- accepted (spend budgets count queued and running work at this) and what it cost once final.
alter table predictions add column end_user varchar(200);
alter table predictions add column estimated_cost double precision;
alter table predictions add column cost double precision;

create index predictions_owner_user_created on predictions (owner, end_user, created_at);

-- Each caller's admissions per UTC day, and each of its end users' (end_user '' is the caller as a
-- whole), counted as they are admitted: the conditional update that takes a slot is atomic on every
-- store and across instances, so parallel requests cannot pass a quota together.
create table caller_day_usage (
    owner        varchar(100) not null,
    end_user     varchar(200) not null,
    usage_day    date         not null,
    predictions  integer      not null default 0,
    spend        double precision not null default 0,
    primary key (owner, end_user, usage_day)
);

-- Models this service created or trained into, and the caller each belongs to: no other caller may
-- train into one, run it or read its trigger word.
create table model_owners (
    model       varchar(300) not null primary key,
    owner       varchar(100) not null,
    created_at  timestamp with time zone not null
);
