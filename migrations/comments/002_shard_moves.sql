-- Adding a shard (add-shard copy, cut-over, cleanup; see services/comments/README.md).

-- On every shard: the slots this shard gives away to a newer shard. From the cut-over's start,
-- writes to them are refused here whoever sends them: while the last changes are copied (a pause the
-- service answers as Unavailable) and for good afterwards, so a process still running with the old
-- shard list can never write where a slot no longer lives. Slots only ever move to a new shard, so
-- a row is never taken back.
CREATE TABLE departed_slots (
  slot        integer PRIMARY KEY CHECK (slot BETWEEN 0 AND 16383),
  -- The shard count of the move that takes the slot away.
  shard_count integer NOT NULL CHECK (shard_count > 1)
);

-- VOLATILE (the default), so the lookup takes a fresh snapshot: a write that waited for the
-- cut-over's table lock sees the slots it committed.
CREATE FUNCTION refuse_departed_slot_writes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM departed_slots WHERE slot = (NEW.id % 16384)::integer) THEN
    RAISE EXCEPTION 'slot % has left this shard', (NEW.id % 16384) USING ERRCODE = 'CM001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER comments_refuse_departed_slots BEFORE INSERT OR UPDATE ON comments
  FOR EACH ROW EXECUTE FUNCTION refuse_departed_slot_writes();

-- On shard 0 only (the control shard; empty elsewhere): the phase of each shard move, by the
-- shard count it grows to, so add-shard's steps run in order.
CREATE TABLE shard_moves (
  shard_count     integer PRIMARY KEY CHECK (shard_count > 2),
  phase           text NOT NULL CHECK (phase IN ('copying', 'catching-up', 'cut-over', 'cleaned')),
  -- When the first copy began: the catch-up copies what could have changed since.
  copy_started_at timestamptz NOT NULL,
  -- When a copy last ran to its end; a cut-over needs one.
  copied_at       timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- On shard 0 only: every running comments process and how many shards it serves, renewed while it
-- runs, so a cleanup can tell that no process still reads the old shards.
CREATE TABLE service_instances (
  instance    text PRIMARY KEY,
  shard_count integer NOT NULL CHECK (shard_count > 1),
  seen_at     timestamptz NOT NULL
);
