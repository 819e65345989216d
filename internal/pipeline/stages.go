package pipeline

import (
	"time"

	"github.com/quarrydev/quarry/internal/api"
)

// Stage names, in the order they run. The reference's nodes come first;
// pii and quality are the platform's per-file steps.
const (
	StageLoad                = "load"
	StageDiscover            = "discover"
	StageClassify            = "classify"
	StagePlanTasks           = "plan_tasks"
	StageExtract             = "extract"
	StageBboxValidation      = "bbox_validation"
	StageBboxRefine          = "bbox_refine"
	StageFieldValidation     = "field_validation"
	StageVisualAuthenticity  = "visual_authenticity"
	StageContentAuthenticity = "content_authenticity"
	StageJudge               = "judge"
	StageJudgeEscalation     = "judge_escalation"
	StageTransform           = "transform"
	StageRules               = "rules"
	StagePII                 = "pii"
	StageQuality             = "quality"
	StageAssemble            = "assemble"
)

// Stages returns the pipeline in order, with the reference's default time
// limits. assemble is not among them: Engine.Run always runs it last,
// since the result it builds is what Run returns.
func Stages() []Stage {
	return []Stage{
		{Name: StageLoad, Timeout: 20 * time.Second, Fatal: true, Run: (*Engine).stageLoad},
		{Name: StageDiscover, Timeout: 180 * time.Second, Toggle: api.StageSplitter, Run: (*Engine).stageDiscover},
		{Name: StageClassify, Timeout: 180 * time.Second, Toggle: api.StageClassifier, Run: (*Engine).stageClassify},
		{Name: StagePlanTasks, Timeout: 5 * time.Second, Run: (*Engine).stagePlanTasks},
		{Name: StageExtract, Timeout: 600 * time.Second, Run: (*Engine).stageExtract},
		{Name: StageBboxValidation, Timeout: 5 * time.Second, Run: (*Engine).stageBboxValidation},
		{Name: StageBboxRefine, Timeout: 300 * time.Second, Toggle: api.StageBboxRefine, Run: (*Engine).stageBboxRefine},
		{Name: StageFieldValidation, Timeout: 5 * time.Second, Toggle: api.StageFieldValidation, Run: (*Engine).stageFieldValidation},
		{Name: StageVisualAuthenticity, Timeout: 180 * time.Second, Toggle: api.StageVisualAuthenticity, Run: (*Engine).stageVisualAuthenticity},
		{Name: StageContentAuthenticity, Timeout: 180 * time.Second, Toggle: api.StageContentAuthenticity, Run: (*Engine).stageContentAuthenticity},
		{Name: StageJudge, Timeout: 300 * time.Second, Toggle: api.StageJudge, Run: (*Engine).stageJudge},
		{Name: StageJudgeEscalation, Timeout: 600 * time.Second, Toggle: api.StageJudgeEscalation, Run: (*Engine).stageJudgeEscalation},
		{Name: StageTransform, Timeout: 600 * time.Second, Toggle: api.StageTransform, Run: (*Engine).stageTransform},
		{Name: StageRules, Timeout: 180 * time.Second, Toggle: api.StageRuleEngine, Run: (*Engine).stageRules},
		{Name: StagePII, Timeout: 60 * time.Second, Run: (*Engine).stagePII},
		{Name: StageQuality, Timeout: 5 * time.Second, Run: (*Engine).stageQuality},
	}
}
