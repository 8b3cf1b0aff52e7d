package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// The search index of a bulk load (SQLite). The load drops the trigger
// that queues new cases for the search index (search_index.go), and
// Finish indexes the cases it wrote at once: a goroutine reads them on the
// reader pool and works out their terms and phrases, what guanjia_terms
// and guanjia_trigrams make of them, while the writer writes them to
// case_search and case_phrases, so that the two cores share the work.

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

// indexSearch indexes for search the cases the load wrote, then any that
// wait in case_search_queue.
func (b *BulkLoad) indexSearch(ctx context.Context) error {
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	docs := make(chan searchDocs, 4)
	var readErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(docs)
		readErr = b.readSearchDocs(readCtx, docs)
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
	for more := true; more; {
		err := b.db.Tx(ctx, func(tx *Tx) (err error) {
			more, err = tx.indexSearch(ctx, searchFlushChunk)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// readSearchDocs sends the search documents of the cases the load wrote,
// in order, a few thousand at a time.
func (b *BulkLoad) readSearchDocs(ctx context.Context, out chan<- searchDocs) error {
	for after := b.before; ; {
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

// writeSearchDocs writes the documents it receives to the indexes.
func (b *BulkLoad) writeSearchDocs(ctx context.Context, in <-chan searchDocs) error {
	const each = " SELECT value ->> 0, value ->> 1 FROM json_each(?)"
	qs := []string{"INSERT INTO case_search (rowid, terms)" + each, "INSERT INTO case_phrases (rowid, trigrams)" + each}
	for _, q := range qs {
		b.db.ws.prepare(ctx, q) // before the transactions, which cannot prepare
	}
	for done := false; !done; {
		err := b.db.Tx(ctx, func(tx *Tx) error {
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
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
