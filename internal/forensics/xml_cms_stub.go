package forensics

func analyzeXML(data []byte, r *Report) {}
func analyzeCMS(data []byte, r *Report) {}
