package app

import (
	"context"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// A project's channel: one thread for its members. Who is not a member is
// told the project does not exist. A message may carry one attachment (a
// picture sanitised as photos are, or a PDF) and @mention members, each of
// whom hears of it once through the notifications.

// ProjectChannel is a project's channel as a member reads it.
type ProjectChannel struct {
	Project  *ProjectView              `json:"project"`
	Members  []guanjia.ProjectMember   `json:"members"`
	Messages []*guanjia.ProjectMessage `json:"messages"`
}

// channelLength is how many of the last messages a reader gets.
const channelLength = 200

// channelProject returns project id if actor is one of its members; else
// not found.
func (a *App) channelProject(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Project, error) {
	p, err := a.loadProject(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !guanjia.MayReadProjectChannel(actor, p) {
		return nil, errNoProject(id)
	}
	return p, nil
}

// projectMembers returns p's members: the investor, the steward and the
// staff of the units involved.
func (a *App) projectMembers(ctx context.Context, p *guanjia.Project) ([]guanjia.ProjectMember, error) {
	us, err := a.db.UsersOfUnits(ctx, p.Units)
	if err != nil {
		return nil, err
	}
	for _, id := range []int64{p.StewardID, p.InvestorID} {
		if slices.ContainsFunc(us, func(u *guanjia.User) bool { return u.ID == id }) {
			continue
		}
		u, err := a.db.GetUser(ctx, id)
		if err != nil {
			return nil, err
		}
		us = append([]*guanjia.User{u}, us...)
	}
	out := make([]guanjia.ProjectMember, 0, len(us))
	for _, u := range us {
		out = append(out, guanjia.ProjectMember{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, Unit: u.Unit})
	}
	return out, nil
}

// Channel returns project id's channel to one of its members and marks
// it read up to its last message.
func (a *App) Channel(ctx context.Context, actor guanjia.Actor, id int64) (*ProjectChannel, error) {
	p, err := a.channelProject(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	ch := &ProjectChannel{Project: a.view(actor, p)}
	if ch.Members, err = a.projectMembers(ctx, p); err != nil {
		return nil, err
	}
	if ch.Messages, err = a.db.ProjectMessages(ctx, id, channelLength); err != nil {
		return nil, err
	}
	if n := len(ch.Messages); n > 0 {
		last := ch.Messages[n-1].ID
		if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkProjectRead(ctx, id, actor.UserID, last) }); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

// Upload is an attachment as it arrives: its file name and content.
type Upload struct {
	Name string
	Body io.Reader
}

// maxFileName is the longest attachment name kept, in characters.
const maxFileName = 100

// PostProjectMessage adds a member's message, with an attachment when file
// is not nil, to project id's channel, and notifies each member it
// mentions once.
func (a *App) PostProjectMessage(ctx context.Context, actor guanjia.Actor, id int64, body string, file *Upload) (*guanjia.ProjectMessage, error) {
	p, err := a.channelProject(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	body = strings.TrimSpace(body)
	if err := guanjia.CheckProjectMessage(body, file != nil); err != nil {
		return nil, err
	}
	m := &guanjia.ProjectMessage{ProjectID: id, AuthorID: actor.UserID, AuthorName: actor.Name, Body: body, CreatedAt: a.now()}
	var data []byte
	if file != nil {
		att, err := a.media.Sanitize(file.Body)
		if err != nil {
			return nil, err
		}
		data = att.Data
		m.File = &guanjia.ProjectFile{Name: fileName(file.Name, att.Type), Type: att.Type, Size: int64(len(att.Data))}
	}
	members, err := a.projectMembers(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, uid := range guanjia.ResolveMentions(guanjia.ParseMentions(body), members) {
		if uid != actor.UserID {
			m.Mentions = append(m.Mentions, uid)
		}
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if m.File != nil {
			if err := tx.AddProjectFile(ctx, id, m.File, data, m.CreatedAt); err != nil {
				return err
			}
		}
		if err := tx.AddProjectMessage(ctx, m); err != nil {
			return err
		}
		if err := tx.MarkProjectRead(ctx, id, actor.UserID, m.ID); err != nil {
			return err
		}
		for _, uid := range m.Mentions {
			err := a.notifyUser(ctx, tx, p.Jurisdiction, uid, m.ID, guanjia.NotifyMention, guanjia.NotifyKeyMention,
				func(string) []string { return []string{p.Name, actor.Name, a.projectLink(p.ID)} })
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("post to project %d: %w", id, err)
	}
	a.notifyChanged()
	return m, nil
}

// fileName is a safe name for an attachment: the base of what was sent,
// without control characters, ending in the extension of its type.
func fileName(name, typ string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSuffix(name, path.Ext(name)), ". ")
	if r := []rune(name); len(r) > maxFileName {
		name = string(r[:maxFileName])
	}
	if name == "" || name == "." {
		name = "file"
	}
	ext := map[string]string{"application/pdf": ".pdf", "image/png": ".png"}[typ]
	if ext == "" {
		ext = ".jpg"
	}
	return name + ext
}

// ProjectFile returns an attachment of project id's channel to a member.
func (a *App) ProjectFile(ctx context.Context, actor guanjia.Actor, id, fileID int64) (*guanjia.ProjectFile, []byte, error) {
	if _, err := a.channelProject(ctx, actor, id); err != nil {
		return nil, nil, err
	}
	return a.db.ProjectFile(ctx, id, fileID)
}

// projectSubjectKey is the subject of a notification email about a
// project. Argument: the project's name.
const projectSubjectKey = "Guanjia: project %s"

// projectLink is where a member opens a project.
func (a *App) projectLink(id int64) string {
	return fmt.Sprintf("%s/projects/%d", strings.TrimRight(a.opts.PublicURL, "/"), id)
}

// notifyUser plans one notification to user uid through the notification
// machinery (their prefs choose SMS or email, language and quiet hours),
// of town (the project's) in the delivery log. Its id is made of src, ev
// and the recipient, so it is planned once.
func (a *App) notifyUser(ctx context.Context, tx *store.Tx, town string, uid, src int64, ev guanjia.NotifyEvent, key string,
	args func(lang string) []string) error {
	u, err := tx.GetUser(ctx, uid)
	if err != nil {
		return err
	}
	p := a.newPlanner(tx)
	if err := p.person(ctx, guanjia.Message{ID: src}, &guanjia.Case{}, ev, u, "", "", key, args); err != nil {
		return err
	}
	for i := range p.out {
		n := p.out[i]
		n.SourceID, n.Jurisdiction = 0, town
		if err := tx.AddNotification(ctx, &n); err != nil {
			return err
		}
	}
	return nil
}
