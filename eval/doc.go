// Package eval scores a coder against hand-coded gold files, as
// ../shared/eval/CODING.md defines it: the contract for what an event is and
// how coding is scored.
//
// A gold file is JSON Lines, one Record per text:
//
//	{"id": "dev-006", "date": "2024-10-13",
//	 "text": "The North Korean army ordered artillery units ... to be fully ready to open fire.",
//	 "events": [{"source": "PRKMIL", "target": "", "code": "152", "alt": ["154", "150"]}]}
//
// Scoring is a pure function of gold records and predicted events, so it is
// tested without a coder:
//
//	recs, err := eval.ReadGoldFile("dev.jsonl")
//	var s eval.Scorer
//	for _, rec := range recs {
//		s.Add(rec, coder.Code(rec.Article()))
//	}
//	r := s.Report() // r.Root.F1, r.Strict.F1, r.Misses, r.FalsePositives
//
// Two levels are scored. At Root level an event is (source country, target
// country, CAMEO root): a prediction PRKMIL→KOR 1712 matches the gold event
// PRK→KOR 191 alt [1712] because 17 is the root of an alternative. At Strict
// level it is (source actor, target actor, code) with roles and full codes:
// the prediction must name an actor code and a code of the gold event
// exactly. At both levels a gold target "" (the text names none) matches any
// predicted target, and an optional gold event is neither required nor
// penalised. See Evaluate for the precise rules.
package eval
