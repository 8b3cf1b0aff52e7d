// Package guanjia is the domain of Guanjia, a command center for grassroots
// governance: cases and their closed-loop lifecycle, the organisation that
// handles them (jurisdictions, units, people), the geography they happen in
// (villages and grids) and the categories that route them; and the
// housekeepers who watch over the streets: their registration, the points
// their verified work earns, rewards, tasks, mobilisations, notices and
// dispute mediation.
//
// It is plain Go with no I/O and imports nothing else of Guanjia's, so it can
// be read in one sitting and tested without a database. Adapters at the edge
// (store, httpapi, open311, web) translate to and from these types.
package guanjia
