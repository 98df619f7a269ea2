-- promptstack_latency_bucket without STRICT: Postgres inlines a SQL function only when its body is
-- as strict as its declaration, and a CASE is not, so the STRICT version ran as a per-row function
-- call (slow over a day of runs). NULL still gives NULL (ln(NULL) is NULL); same buckets otherwise.
CREATE OR REPLACE FUNCTION promptstack_latency_bucket(ms integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN ms <= 0 THEN 0 ELSE 1 + ceil(ln(ms::float8) / ln(1.02::float8 / 0.98::float8))::integer END $$;
