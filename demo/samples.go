package demo

import "math/rand/v2"

// Sample is a kind of case as residents report it in the demo town, for
// tools that generate realistic load (guanjia bench).
type Sample struct {
	Category string   // category code
	Weight   int      // relative frequency
	Texts    []string // descriptions, in Chinese
}

// Samples returns the demo catalogue's categories with how often each is
// reported and sample descriptions.
func Samples() []Sample {
	out := make([]Sample, len(categories))
	for i, c := range categories {
		out[i] = Sample{Category: c.Code, Weight: c.weight, Texts: c.texts}
	}
	return out
}

// Roads returns real street names of Wuzhen, for addresses.
func Roads() []string { return roads }

// ChineseName returns a made-up Chinese personal name.
func ChineseName(r *rand.Rand) string { return chineseName(r) }
