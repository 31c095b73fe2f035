-- The budgets are named for Replicate's two limits (PREDICTION_CREATES, EVERYTHING_ELSE).
alter table upstream_pauses alter column budget set data type varchar(40);
