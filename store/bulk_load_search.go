package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// The search index of a bulk load (SQLite). Finish indexes the cases not
// yet indexed at once, before the load's end: a goroutine reads them on
// the reader pool and works out their terms and phrases, what
// guanjia_terms and guanjia_trigrams make of them, while the search
// file's writer writes them to case_search and case_phrases, so that the
// two cores share the work.

const (
	bulkSearchRead = 2048  // cases the reading goroutine reads at a time
	bulkSearchTx   = 65536 // cases a transaction indexes, about
)

// searchDocs are cases as the search indexes hold them, as JSON arrays of
// [id, text] for json_each: FTS5 writes out what it holds at the end of
// every statement, so the rows go in a statement per batch, not a
// statement per few rows.
type searchDocs struct {
	last            int64 // the highest id
	terms, trigrams []byte
}

// indexSearch indexes for search the cases past the search file's mark,
// the load's among them, then any changed ones.
func (b *BulkLoad) indexSearch(ctx context.Context) error {
	b.db.search.mu.Lock() // the indexing goroutine waits
	defer b.db.search.mu.Unlock()
	var through int64
	if err := b.db.queryRow(ctx, "SELECT through FROM search_state").Scan(&through); err != nil {
		return err
	}
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	docs := make(chan searchDocs, 4)
	var readErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(docs)
		readErr = b.readSearchDocs(readCtx, through, docs)
	})
	err := b.writeSearchDocs(ctx, docs)
	stop()
	wg.Wait()
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	return b.db.indexAll(ctx, searchFlushChunk)
}

// readSearchDocs sends the search documents of the cases past id after,
// in order, a few thousand at a time.
func (b *BulkLoad) readSearchDocs(ctx context.Context, after int64, out chan<- searchDocs) error {
	for {
		docs := searchDocs{last: after, terms: []byte{'['}, trigrams: []byte{'['}}
		add := func(buf []byte, id int64, words []string) []byte {
			if len(buf) > 1 {
				buf = append(buf, ',')
			}
			buf = append(append(append(buf, '['), strconv.FormatInt(id, 10)...), ',')
			text, _ := json.Marshal(strings.Join(words, " "))
			return append(append(buf, text...), ']')
		}
		_, err := list(ctx, &b.db.reader, "SELECT id, number, description, address FROM cases WHERE id > ? ORDER BY id LIMIT ?",
			[]any{after, bulkSearchRead}, func(s scanner) (struct{}, error) {
				var number, description, address string
				if err := s.Scan(&docs.last, &number, &description, &address); err != nil {
					return struct{}{}, err
				}
				docs.terms = add(docs.terms, docs.last, docTerms(number, description, address))
				docs.trigrams = add(docs.trigrams, docs.last, docTrigrams(number, description, address))
				return struct{}{}, nil
			})
		if err != nil || docs.last == after {
			return err
		}
		after = docs.last
		docs.terms, docs.trigrams = append(docs.terms, ']'), append(docs.trigrams, ']')
		select {
		case out <- docs:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// writeSearchDocs writes the documents it receives to the indexes, and
// moves the search file's mark past them.
func (b *BulkLoad) writeSearchDocs(ctx context.Context, in <-chan searchDocs) error {
	const each = " SELECT value ->> 0, value ->> 1 FROM json_each(?)"
	qs := []string{"INSERT INTO case_search (rowid, terms)" + each, "INSERT INTO case_phrases (rowid, trigrams)" + each}
	for _, q := range qs {
		b.db.search.stmts.prepare(ctx, q) // before the transactions, which cannot prepare
	}
	for done := false; !done; {
		err := b.db.searchTx(ctx, func(tx *Tx) error {
			for n := 0; n < bulkSearchTx; n += bulkSearchRead {
				docs, ok := <-in
				if !ok {
					done = true
					return nil
				}
				for i, text := range [][]byte{docs.terms, docs.trigrams} {
					if _, err := tx.exec(ctx, qs[i], string(text)); err != nil {
						return err
					}
				}
				if _, err := tx.exec(ctx, "UPDATE search_state SET through = ?", docs.last); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
