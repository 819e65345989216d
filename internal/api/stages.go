package api

import (
	"encoding/json"
	"slices"
)

// Stage toggle names, as they appear under options.stages.
const (
	StageSplitter            = "splitter"
	StageClassifier          = "classifier"
	StageFieldValidation     = "field_validation"
	StageVisualAuthenticity  = "visual_authenticity"
	StageContentAuthenticity = "content_authenticity"
	StageJudge               = "judge"
	StageJudgeEscalation     = "judge_escalation"
	StageBboxRefine          = "bbox_refine"
	StageTransform           = "transform"
	StageRuleEngine          = "rule_engine"
)

// StageNames lists the keys options.stages accepts.
var StageNames = []string{
	StageBboxRefine, StageClassifier, StageContentAuthenticity, StageFieldValidation, StageJudge,
	StageJudgeEscalation, StageRuleEngine, StageSplitter, StageTransform, StageVisualAuthenticity,
}

// UnmarshalJSON decodes the toggles and remembers keys that name no
// stage in Unknown, so the request checker can refuse a misspelt toggle
// (which would otherwise be ignored and leave the stage at its default).
func (s *StageToggles) UnmarshalJSON(b []byte) error {
	type plain StageToggles // no UnmarshalJSON: no recursion
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	*s = StageToggles(p)
	s.Unknown = nil
	for k := range keys {
		if !slices.Contains(StageNames, k) {
			s.Unknown = append(s.Unknown, k)
		}
	}
	slices.Sort(s.Unknown)
	return nil
}

// stageDefaults are the reference defaults: classifier and field
// validation on, everything else off.
var stageDefaults = map[string]bool{
	StageSplitter: false, StageClassifier: true, StageFieldValidation: true,
	StageVisualAuthenticity: false, StageContentAuthenticity: false, StageJudge: false,
	StageJudgeEscalation: false, StageBboxRefine: false, StageTransform: false, StageRuleEngine: false,
}

// Enabled reports whether a toggled stage is on for this request.
func (o *Options) Enabled(stage string) bool {
	if o != nil && o.Stages != nil {
		if v := o.Stages.get(stage); v != nil {
			return *v
		}
	}
	return stageDefaults[stage]
}

func (s *StageToggles) get(stage string) *bool {
	switch stage {
	case StageSplitter:
		return s.Splitter
	case StageClassifier:
		return s.Classifier
	case StageFieldValidation:
		return s.FieldValidation
	case StageVisualAuthenticity:
		return s.VisualAuthenticity
	case StageContentAuthenticity:
		return s.ContentAuthenticity
	case StageJudge:
		return s.Judge
	case StageJudgeEscalation:
		return s.JudgeEscalation
	case StageBboxRefine:
		return s.BboxRefine
	case StageTransform:
		return s.Transform
	case StageRuleEngine:
		return s.RuleEngine
	}
	return nil
}
