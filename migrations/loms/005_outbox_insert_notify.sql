-- Tells the outbox relay that events were written, once per statement: the notification is
-- delivered at commit (and identical ones of a transaction fold into one), so the relay need not
-- wait for its next poll. The relay still polls, in case a notification is lost.
CREATE FUNCTION outbox_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_inserted', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_inserted();
