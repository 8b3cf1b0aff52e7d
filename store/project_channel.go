package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// A project's channel: its messages, their attachments (kept in the
// database, served only to the project's members) and each member's read
// state.

// AddProjectFile stores an attachment's bytes and sets f.ID.
func (tx *Tx) AddProjectFile(ctx context.Context, projectID int64, f *guanjia.ProjectFile, data []byte, at time.Time) error {
	var err error
	f.ID, err = tx.insert(ctx, "INSERT INTO project_files (project_id, name, type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		projectID, f.Name, f.Type, f.Size, data, norm(at))
	if err != nil {
		return fmt.Errorf("add project file: %w", err)
	}
	return nil
}

// ProjectFile returns an attachment of project projectID with its bytes.
func (r *reader) ProjectFile(ctx context.Context, projectID, id int64) (*guanjia.ProjectFile, []byte, error) {
	var data []byte
	f, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "File %d not found.", id),
		"SELECT id, name, type, size, data FROM project_files WHERE id = ? AND project_id = ?", []any{id, projectID},
		func(s scanner) (*guanjia.ProjectFile, error) {
			f := &guanjia.ProjectFile{}
			return f, s.Scan(&f.ID, &f.Name, &f.Type, &f.Size, &data)
		})
	if err != nil {
		return nil, nil, err
	}
	return f, data, nil
}

// AddProjectMessage stores m and sets its ID.
func (tx *Tx) AddProjectMessage(ctx context.Context, m *guanjia.ProjectMessage) error {
	m.CreatedAt = norm(m.CreatedAt)
	mentions, err := jsonArg(m.Mentions)
	if err != nil {
		return err
	}
	var file any
	if m.File != nil {
		file = m.File.ID
	}
	m.ID, err = tx.insert(ctx, "INSERT INTO project_messages (project_id, author_id, body, file_id, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		m.ProjectID, m.AuthorID, m.Body, file, mentions, m.CreatedAt)
	if err != nil {
		return fmt.Errorf("add project message: %w", err)
	}
	return nil
}

// ProjectMessages returns the last limit messages of a project, oldest first.
func (r *reader) ProjectMessages(ctx context.Context, projectID int64, limit int) ([]*guanjia.ProjectMessage, error) {
	ms, err := list(ctx, r, `SELECT m.id, m.project_id, m.author_id, u.name, m.body, m.mentions, m.created_at,
		COALESCE(f.id, 0), COALESCE(f.name, ''), COALESCE(f.type, ''), COALESCE(f.size, 0)
		FROM project_messages m JOIN users u ON u.id = m.author_id LEFT JOIN project_files f ON f.id = m.file_id
		WHERE m.project_id = ? ORDER BY m.id DESC LIMIT ?`, []any{projectID, limit},
		func(s scanner) (*guanjia.ProjectMessage, error) {
			m, f := &guanjia.ProjectMessage{}, &guanjia.ProjectFile{}
			err := s.Scan(&m.ID, &m.ProjectID, &m.AuthorID, &m.AuthorName, &m.Body, jsonCol{&m.Mentions}, timeCol{&m.CreatedAt},
				&f.ID, &f.Name, &f.Type, &f.Size)
			if f.ID != 0 {
				m.File = f
			}
			return m, err
		})
	if err != nil {
		return nil, fmt.Errorf("project %d messages: %w", projectID, err)
	}
	for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
		ms[i], ms[j] = ms[j], ms[i]
	}
	return ms, nil
}

// MarkProjectRead records that user has read project's messages up to
// lastID (never moving back).
func (tx *Tx) MarkProjectRead(ctx context.Context, projectID, userID, lastID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO project_reads (project_id, user_id, last_id) VALUES (?, ?, ?)
		ON CONFLICT (project_id, user_id) DO UPDATE SET last_id = excluded.last_id WHERE project_reads.last_id < excluded.last_id`,
		projectID, userID, lastID)
	if err != nil {
		return fmt.Errorf("mark project %d read: %w", projectID, err)
	}
	return nil
}

// ProjectUnread returns, for each of projects, how many messages user has
// not read (by others).
func (r *reader) ProjectUnread(ctx context.Context, userID int64, projects []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(projects) == 0 {
		return out, nil
	}
	args := []any{userID, userID}
	for _, id := range projects {
		args = append(args, id)
	}
	type row struct {
		id int64
		n  int
	}
	rows, err := list(ctx, r, `SELECT m.project_id, COUNT(*) FROM project_messages m
		LEFT JOIN project_reads rd ON rd.project_id = m.project_id AND rd.user_id = ?
		WHERE m.author_id <> ? AND m.id > COALESCE(rd.last_id, 0) AND m.project_id IN (`+placeholders(len(projects))+`)
		GROUP BY m.project_id`, args, func(s scanner) (row, error) {
		var x row
		return x, s.Scan(&x.id, &x.n)
	})
	if err != nil {
		return nil, fmt.Errorf("unread project messages: %w", err)
	}
	for _, x := range rows {
		out[x.id] = x.n
	}
	return out, nil
}

// UsersOfUnits returns the enabled handlers and leads of units.
func (r *reader) UsersOfUnits(ctx context.Context, units []string) ([]*guanjia.User, error) {
	if len(units) == 0 {
		return nil, nil
	}
	args := make([]any, len(units))
	for i, u := range units {
		args[i] = u
	}
	us, err := list(ctx, r, "SELECT "+userColumns+" FROM users WHERE disabled = ? AND role IN ('handler', 'unit_lead') AND unit IN ("+
		placeholders(len(units))+") ORDER BY id", append([]any{false}, args...), scanUser)
	if err != nil {
		return nil, fmt.Errorf("users of units: %w", err)
	}
	return us, nil
}
