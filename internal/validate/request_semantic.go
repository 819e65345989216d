package validate

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// Issue codes of the semantic validator. The first group is the
// reference's; unknown_validator and invalid_pattern are Quarry's own.
const (
	CodeDocumentTypeUnknown   = "document_type_unknown"
	CodeEmptyFieldGroups      = "empty_field_groups"
	CodeEmptyFieldGroup       = "empty_field_group"
	CodeDuplicateFieldName    = "duplicate_field_name"
	CodeDuplicateDocumentType = "duplicate_document_type"
	CodeDuplicateRuleID       = "duplicate_rule_id"
	CodeRuleUnknownDoctype    = "rule_unknown_doctype"
	CodeRuleUnknownField      = "rule_unknown_field"
	CodeRuleUnknownValidator  = "rule_unknown_validator"
	CodeRuleUnknownParent     = "rule_unknown_parent"
	CodeRuleSelfReference     = "rule_self_reference"
	CodeRuleCycle             = "rule_cycle"
	CodeUnknownValidator      = "unknown_validator"
	CodeInvalidPattern        = "invalid_pattern"

	CodeRuleEngineNoRules  = "rule_engine_no_rules"
	CodeVisualNoValidators = "visual_authenticity_no_validators"
	CodeSplitterSingleDoc  = "splitter_single_doc"
)

// BuiltinTypeIDs are the document types a request may name without
// declaring them, which it can do only while document_types is empty.
var BuiltinTypeIDs = []string{
	"invoice", "receipt", "expense_report", "purchase_order", "sales_proposal",
	"delivery_note", "bank_statement", "payroll", "tax_declaration", "contract",
	"budget", "utility_bill", "id_document", "general",
}

// Semantic is the dry-run validator: it assumes a well-formed body (see
// Structure) and reports references that do not resolve, duplicates, rule
// graph problems and stage settings that cannot do anything. Issues come
// in a fixed order: files, file_options (by filename), document types,
// rules, rule cycles, then the stage warnings.
func Semantic(req *api.ExtractRequest) api.ValidationReport {
	if req == nil {
		return api.NewValidationReport(nil)
	}
	s := &semChecker{req: req, docs: map[string]*docInfo{}}
	s.documentTypes()
	s.files()
	s.rules()
	s.stageWarnings()
	return api.NewValidationReport(s.sorted())
}

type semChecker struct {
	req  *api.ExtractRequest
	docs map[string]*docInfo // first declaration of each id
	// ruleIndex maps each rule id to its first declaration.
	ruleIndex map[string]int
	// issues are collected per section and concatenated in a fixed order,
	// so each check can run whenever its inputs are ready.
	fileIssues, docIssues, ruleIssues, cycleIssues, stageIssues []api.ValidationIssue
}

func (s *semChecker) sorted() []api.ValidationIssue {
	return slices.Concat(s.fileIssues, s.docIssues, s.ruleIssues, s.cycleIssues, s.stageIssues)
}

func issue(code, path, format string, args ...any) api.ValidationIssue {
	return api.ValidationIssue{Severity: SeverityError, Code: code, Path: path, Message: fmt.Sprintf(format, args...)}
}

func warning(code, path, format string, args ...any) api.ValidationIssue {
	is := issue(code, path, format, args...)
	is.Severity = SeverityWarning
	return is
}

// docKnown reports whether id names a document type the request may use.
func (s *semChecker) docKnown(id string) bool {
	if len(s.req.DocumentTypes) == 0 {
		return slices.Contains(BuiltinTypeIDs, id)
	}
	_, ok := s.docs[id]
	return ok
}

func (s *semChecker) unknownTypeMessage(id string) string {
	if len(s.req.DocumentTypes) == 0 {
		return fmt.Sprintf("expected_type '%s' is not declared in document_types[] and is not a built-in type.", id)
	}
	return fmt.Sprintf("expected_type '%s' is not declared in document_types[].", id)
}

func (s *semChecker) files() {
	for i, f := range s.req.Files {
		if f.ExpectedType != "" && !s.docKnown(f.ExpectedType) {
			s.fileIssues = append(s.fileIssues, issue(CodeDocumentTypeUnknown,
				index("files", i)+".expected_type", "%s", s.unknownTypeMessage(f.ExpectedType)))
		}
	}
	names := make([]string, 0, len(s.req.FileOptions))
	for name := range s.req.FileOptions {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if et := s.req.FileOptions[name].ExpectedType; et != "" && !s.docKnown(et) {
			s.fileIssues = append(s.fileIssues, issue(CodeDocumentTypeUnknown,
				"file_options["+strconv.Quote(name)+"].expected_type", "%s", s.unknownTypeMessage(et)))
		}
	}
}

// docInfo indexes what rules may reference on one document type.
type docInfo struct {
	// fields holds every field name at any depth, every dotted path from
	// a group-level field, the same paths prefixed by the group name, and
	// the group names themselves.
	fields map[string]struct{}
	// checks holds visual_checks names and the field validators in use,
	// the two things a validator parent may name.
	checks map[string]struct{}
}

func (s *semChecker) documentTypes() {
	first := map[string]int{}
	for i := range s.req.DocumentTypes {
		dt := &s.req.DocumentTypes[i]
		path := index("document_types", i)
		info := &docInfo{fields: map[string]struct{}{}, checks: map[string]struct{}{}}
		if j, dup := first[dt.ID]; dup && dt.ID != "" {
			s.docIssues = append(s.docIssues, issue(CodeDuplicateDocumentType, path,
				"DocumentType '%s' is declared more than once (first at document_types[%d]).", dt.ID, j))
		} else if dt.ID != "" {
			first[dt.ID] = i
			s.docs[dt.ID] = info
		}
		if len(dt.FieldGroups) == 0 {
			s.docIssues = append(s.docIssues, issue(CodeEmptyFieldGroups, path,
				"DocumentType '%s' declares no field groups.", dt.ID))
		}
		for _, vc := range dt.VisualChecks {
			info.checks[vc.Name] = struct{}{}
		}
		for j := range dt.FieldGroups {
			g := &dt.FieldGroups[j]
			gp := index(path+".field_groups", j)
			info.fields[g.Name] = struct{}{}
			if len(g.Fields) == 0 {
				s.docIssues = append(s.docIssues, issue(CodeEmptyFieldGroup, gp,
					"Field group '%s' of DocumentType '%s' declares no fields.", g.Name, dt.ID))
				continue
			}
			w := fieldWalker{s: s, doc: dt.ID, group: g.Name, info: info}
			w.siblings(gp, g.Fields, "group '"+g.Name+"'", "", 1)
		}
	}
}

// fieldWalker visits one group's fields, checking them and filling the
// document type's index in the same pass.
type fieldWalker struct {
	s     *semChecker
	doc   string
	group string
	info  *docInfo
}

// siblings checks one list of fields; where names the list for messages
// and prefix is the dotted path of the parent ("" at group level).
func (w *fieldWalker) siblings(path string, fields []api.Field, where, prefix string, depth int) {
	var seen map[string]int
	if len(fields) > 1 {
		seen = make(map[string]int, len(fields))
	}
	for k := range fields {
		f := &fields[k]
		fp := index(path+".fields", k)
		if seen != nil && f.Name != "" {
			if first, dup := seen[f.Name]; dup {
				w.s.docIssues = append(w.s.docIssues, issue(CodeDuplicateFieldName, fp,
					"Field '%s' is declared more than once in %s of DocumentType '%s' (first at fields[%d]).",
					f.Name, where, w.doc, first))
			} else {
				seen[f.Name] = k
			}
		}
		w.field(fp, f, prefix, depth)
	}
}

func (w *fieldWalker) field(path string, f *api.Field, prefix string, depth int) {
	if depth > MaxSchemaDepth {
		return // Structure reports it; stop so a hostile schema costs nothing more
	}
	dotted := f.Name
	if prefix != "" && f.Name != "" {
		dotted = prefix + "." + f.Name
	} else if f.Name == "" {
		dotted = prefix // nameless array items: members hang off the array
	}
	if f.Name != "" {
		w.info.fields[f.Name] = struct{}{}
		w.info.fields[dotted] = struct{}{}
		w.info.fields[w.group+"."+dotted] = struct{}{}
	}
	label := f.Name
	if label == "" {
		label = prefix + " (items)"
	}
	if f.Pattern != nil {
		if _, err := compilePattern(*f.Pattern); err != nil {
			w.s.docIssues = append(w.s.docIssues, issue(CodeInvalidPattern, path+".pattern",
				"Field '%s' of DocumentType '%s' has a pattern that is not valid RE2: %v.", label, w.doc, err))
		}
	}
	for v, spec := range f.Validators {
		if spec.Name == "" {
			continue
		}
		w.info.checks[spec.Name] = struct{}{}
		if !Known(spec.Name) {
			w.s.docIssues = append(w.s.docIssues, issue(CodeUnknownValidator, index(path+".validators", v),
				"Field '%s' of DocumentType '%s' uses validator '%s', which is not in the validator catalogue.",
				label, w.doc, spec.Name))
		}
	}
	if f.Items != nil {
		// Rows are reached through the array's own name
		// (line_items.quantity), so items do not add a path segment.
		w.field(path+".items", f.Items, dotted, depth+1)
	}
	if len(f.Fields) > 0 {
		w.siblings(path, f.Fields, "object '"+label+"'", dotted, depth+1)
	}
}

// hasField resolves a field reference: a bare name at any depth or a
// dotted path, with list indices such as [0] or [] ignored.
func (d *docInfo) hasField(ref string) bool {
	ref = strings.TrimSpace(ref)
	if _, ok := d.fields[ref]; ok {
		return true
	}
	if !strings.Contains(ref, "[") {
		return false
	}
	var b strings.Builder
	depth := 0
	for _, r := range ref {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	_, ok := d.fields[b.String()]
	return ok
}

func (s *semChecker) stageWarnings() {
	o := s.req.Options
	if o.Enabled(api.StageRuleEngine) && len(s.req.Rules) == 0 {
		s.stageIssues = append(s.stageIssues, warning(CodeRuleEngineNoRules, "options.stages.rule_engine",
			"The rule_engine stage is on but the request declares no rules."))
	}
	if o.Enabled(api.StageVisualAuthenticity) && !slices.ContainsFunc(s.req.DocumentTypes,
		func(dt api.DocumentTypeSpec) bool { return len(dt.VisualChecks) > 0 }) {
		s.stageIssues = append(s.stageIssues, warning(CodeVisualNoValidators, "options.stages.visual_authenticity",
			"The visual_authenticity stage is on but no document type declares visual_checks."))
	}
	if n := len(s.req.DocumentTypes); o.Enabled(api.StageSplitter) && n <= 1 {
		s.stageIssues = append(s.stageIssues, warning(CodeSplitterSingleDoc, "options.stages.splitter",
			"The splitter stage is on but the request declares %d document type(s); splitting needs at least two.", n))
	}
}
