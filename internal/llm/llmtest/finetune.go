package llmtest

// OpenAIFile answers POST /v1/files: the uploaded file's object.
func OpenAIFile(id string, bytes int) Reply {
	return Reply{Body: mustJSON(map[string]any{"id": id, "object": "file", "bytes": bytes, "created_at": 1,
		"filename": "training.jsonl", "purpose": "fine-tune", "status": "processed"})}
}

// OpenAIFineTuneJob answers POST /v1/fine_tuning/jobs and
// GET /v1/fine_tuning/jobs/{id}. fineTuned is "" until the job succeeds;
// errMsg is the failure's message.
func OpenAIFineTuneJob(id, status, model, trainingFile, fineTuned, errMsg string) Reply {
	job := map[string]any{"id": id, "object": "fine_tuning.job", "created_at": 1, "model": model,
		"organization_id": "org-test", "status": status, "training_file": trainingFile, "result_files": []any{},
		"seed": 1, "hyperparameters": map[string]any{"n_epochs": "auto"}, "fine_tuned_model": nil, "error": nil,
		"finished_at": nil, "trained_tokens": nil, "validation_file": nil}
	if fineTuned != "" {
		job["fine_tuned_model"] = fineTuned
	}
	if errMsg != "" {
		job["error"] = map[string]any{"code": "invalid_training_file", "message": errMsg, "param": "training_file"}
	}
	return Reply{Body: mustJSON(job)}
}
