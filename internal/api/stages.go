package api

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
