-- The one-row record of which ephemeral stack this database belongs to; migrate fills it
-- on first run and refuses to touch a database recorded for another stack.
CREATE TABLE environment (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  stack_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
