-- What a training is for, beside its row in predictions (kind = 'training').
create table trainings (
    id            varchar(40)  not null primary key,
    destination   varchar(300) not null,
    trigger_word  varchar(100) not null,
    trainer       varchar(300) not null
);

create index trainings_destination on trainings (destination);
