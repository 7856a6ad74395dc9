-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d):
-- one database per service, two for the comments shards. The services' migrate commands create
-- any that is missing too; these make the stack's databases visible before the first migration.
CREATE DATABASE loms;
CREATE DATABASE products;
CREATE DATABASE cart;
CREATE DATABASE notifier;
CREATE DATABASE comments_shard_0;
CREATE DATABASE comments_shard_1;
