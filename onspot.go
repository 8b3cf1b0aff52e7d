package guanjia

// Handling on the spot: a housekeeper fixes what they reported and someone
// else confirms it (see CaseAwards for what it earns).

// HandledOnSpot reports whether c was handled on the spot by the housekeeper
// who reported it and awaits, or got, someone else's confirmation: it is
// resolved or closed without ever being with a unit in this round.
func (c *Case) HandledOnSpot() bool {
	return (c.Status == StatusResolved || c.Status == StatusClosed) && c.Unit == "" && c.AcceptedAt == nil
}

// handle records that the reporting housekeeper fixed the problem on the
// spot: the report's photos show before, the command's after. The case
// leaves any unit it was dispatched to and awaits confirmation.
func handle(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if len(c.Photos) == 0 || len(cmd.Photos) == 0 {
		return FieldErrorf(EINVALID, "photos", "Handling on the spot needs a photo from before (with the report) and one from after.")
	}
	if err := needText(cmd, "note", "A note on what was done"); err != nil {
		return err
	}
	c.Status, c.Unit, c.ResolvedAt, c.Resolution = StatusResolved, "", ptr(env.Now), cmd.text()
	c.SignDueAt, c.ResolveDueAt, c.DispatchedAt, c.AcceptedAt = nil, nil, nil, nil
	c.EscalationLevel, c.PendingExtension, c.FinalDispatch = 0, nil, false
	e.Data = map[string]any{"on_spot": true}
	return nil
}
