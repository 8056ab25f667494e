-- Planted breakage (the fault migration-breaks-old-rows): the column is NOT NULL before it
-- has a default, so this applies to an empty items table and fails over rows an older
-- version wrote ("column ... contains null values"). The right order: default first.
ALTER TABLE items ADD COLUMN reviewer text NOT NULL;
ALTER TABLE items ALTER COLUMN reviewer SET DEFAULT 'nobody';
