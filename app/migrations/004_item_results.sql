-- The worker's output per item, one row per item (upserted), served by the api.
-- processed_count counts successful computations so tests can spot double processing;
-- last_job_id lets a redelivered job be recognised and not counted twice.
CREATE TABLE item_results (
  item_id         uuid PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked')),
  result          jsonb,
  attempts        integer NOT NULL DEFAULT 0,
  processed_count integer NOT NULL DEFAULT 0,
  last_job_id     text,
  last_error      text,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
