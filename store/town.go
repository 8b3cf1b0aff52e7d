package store

// Every row that belongs to a town names it (migration 0007,
// docs/county.md). Rows written on behalf of something that has a town
// take its town in the same statement, so that callers cannot forget it:
// each fragment is a value with one placeholder for the code or id.
const (
	// townOfCase is the town of the case with id ?.
	townOfCase = "COALESCE((SELECT jurisdiction FROM cases WHERE id = ?), '')"
	// townOfUser is the jurisdiction of the account with id ?.
	townOfUser = "COALESCE((SELECT jurisdiction FROM users WHERE id = ?), '')"
	// townOfPerson is the town whose points a person with id ? earns in:
	// their grid's for a housekeeper, else their account's.
	townOfPerson = `COALESCE((SELECT COALESCE(NULLIF(g.jurisdiction, ''), u.jurisdiction)
		FROM users u LEFT JOIN grids g ON g.code = u.grid WHERE u.id = ?), '')`
	// townOfKeeper is the town of the housekeeper whose account has id ?:
	// rows about a housekeeper (notices sent, tasks claimed, rewards
	// redeemed) live in their town.
	townOfKeeper = "COALESCE((SELECT jurisdiction FROM housekeepers WHERE user_id = ?), '')"
	// townOfGrid is the town of the grid with code ?.
	townOfGrid = "COALESCE((SELECT jurisdiction FROM grids WHERE code = ?), '')"
	// townOfVillage is the town of the village with code ?.
	townOfVillage = "COALESCE((SELECT jurisdiction FROM villages WHERE code = ?), '')"
)
