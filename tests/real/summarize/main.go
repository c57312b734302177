// summarize: reads run.sh's results file and prints, per case, each RESULT
// key's median and [min..max] over the runs, as Markdown. A key whose values
// is an outcome flag (deadlocked, livelocked, failed) is shown as "=1 in K of
// N runs". A value that is a comma list of numbers (tightloop's samples_ms)
// is pooled over the runs. A text key, or a configuration key (procs,
// workers...), with one value in every run is shown once, in the heading.
// The median of an even count is the mean of the two middle values.
//
//	go run ./summarize results-a.txt results-b.txt   (runs of both pooled)
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// caseData gathers one case's runs.
type caseData struct {
	name string               // the case's name
	runs int                  // RESULT lines read
	keys []string             // keys in first-seen order
	nums map[string][]float64 // numeric values (pooled for lists)
	text map[string][]string  // values that are not numbers
	list map[string]bool      // keys whose values are comma lists
}

// flagKeys are outcomes that are 0 or 1.
var flagKeys = map[string]bool{"deadlocked": true, "livelocked": true, "failed": true}

// configKeys echo the command's settings rather than measure anything.
var configKeys = map[string]bool{"procs": true, "workers": true, "renderers": true, "readers": true,
	"iters": true, "n": true, "g": true, "jobs": true, "nap_ms": true, "hogs": true, "expected": true}

// median of sorted v.
func median(v []float64) float64 {
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// num formats a figure with at most 3 decimals and no exponent.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64)
}

// parseList reads a comma list of numbers; ok is false for anything else.
func parseList(s string) ([]float64, bool) {
	var out []float64
	for _, p := range strings.Split(s, ",") {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, false
		}
		out = append(out, f)
	}
	return out, true
}

// add records one RESULT line's fields into c.
func (c *caseData) add(fields []string) {
	c.runs++
	for _, f := range fields {
		kv := strings.SplitN(f, "=", 2)
		if len(kv) != 2 {
			continue
		}
		k, v := kv[0], kv[1]
		if _, seen := c.nums[k]; !seen {
			if _, seen := c.text[k]; !seen {
				c.keys = append(c.keys, k)
			}
		}
		if vals, ok := parseList(v); ok {
			c.nums[k] = append(c.nums[k], vals...)
			if len(vals) > 1 {
				c.list[k] = true
			}
		} else {
			c.text[k] = append(c.text[k], v)
		}
	}
}

// print writes the case's Markdown table.
func (c *caseData) print() {
	head, shown := []string{}, map[string]bool{}
	for _, k := range c.keys {
		if v := c.nums[k]; configKeys[k] && len(v) == c.runs {
			same := true
			for _, x := range v {
				same = same && x == v[0]
			}
			if same {
				head, shown[k] = append(head, k+"="+num(v[0])), true
			}
		}
		if t := c.text[k]; len(t) > 0 && len(c.nums[k]) == 0 {
			same := true
			for _, v := range t {
				same = same && v == t[0]
			}
			if same {
				head = append(head, k+"="+t[0])
			}
		}
	}
	fmt.Printf("#### %s (%d runs) %s\n\n| key | median | [min..max] | n |\n|---|---|---|---|\n",
		c.name, c.runs, strings.Join(head, " "))
	for _, k := range c.keys {
		v := c.nums[k]
		if len(v) == 0 || shown[k] {
			continue
		}
		sort.Float64s(v)
		ones := 0
		for _, x := range v {
			if x == 1 {
				ones++
			}
		}
		name := k
		if c.list[k] {
			name += " (pooled)"
		}
		if flagKeys[k] {
			fmt.Printf("| %s | =1 in %d of %d runs | | %d |\n", name, ones, len(v), len(v))
			continue
		}
		fmt.Printf("| %s | %s | [%s..%s] | %d |\n", name, num(median(v)), num(v[0]), num(v[len(v)-1]), len(v))
	}
	fmt.Println()
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: summarize RESULTS...")
		os.Exit(2)
	}
	var order []string
	cases := map[string]*caseData{}
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		order = read(f, cases, order)
		f.Close()
	}
	for _, n := range order {
		cases[n].print()
	}
}

// read adds a results file's RESULT lines to cases; it returns the case
// names in first-seen order.
func read(f *os.File, cases map[string]*caseData, order []string) []string {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || !strings.HasPrefix(fields[0], "case=") || fields[2] != "RESULT" {
			continue
		}
		name := strings.TrimPrefix(fields[0], "case=")
		c := cases[name]
		if c == nil {
			c = &caseData{name: name, nums: map[string][]float64{}, text: map[string][]string{}, list: map[string]bool{}}
			cases[name] = c
			order = append(order, name)
		}
		c.add(fields[3:])
	}
	return order
}
