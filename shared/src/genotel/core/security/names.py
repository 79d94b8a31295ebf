"""The security field set (Elastic's proposal for GenAI security telemetry) and the evaluation event.

None of these is in the GenAI semantic conventions yet except ``aws.bedrock.guardrail.id`` and the
``gen_ai.evaluation.result`` event with its attributes; docs/telemetry.md lists them all.
"""

from __future__ import annotations

POLICY_VIOLATION = "gen_ai.policy.violation"
POLICY_ACTION = "gen_ai.policy.action"
POLICY_NAME = "gen_ai.policy.name"
POLICY_CONFIDENCE = "gen_ai.policy.confidence"
POLICY_MATCH_DETAIL = "gen_ai.policy.match_detail"
COMPLIANCE_REQUEST_TRIGGERED = "gen_ai.compliance.request_triggered"
COMPLIANCE_RESPONSE_TRIGGERED = "gen_ai.compliance.response_triggered"
COMPLIANCE_VIOLATION_DETECTED = "gen_ai.compliance.violation_detected"
COMPLIANCE_VIOLATION_CODE = "gen_ai.compliance.violation_code"
THREAT_DETECTED = "gen_ai.threat.detected"
THREAT_TYPE = "gen_ai.threat.type"
THREAT_CATEGORY = "gen_ai.threat.category"
GUARDRAIL_ID = "aws.bedrock.guardrail.id"
SECURITY_REGEX_PATTERN_COUNT = "gen_ai.security.regex_pattern_count"
SECURITY_PROMPT_INJECTION_SCORE = "gen_ai.security.prompt_injection_score"
PERFORMANCE_RESPONSE_TIME = "gen_ai.performance.response_time"
PERFORMANCE_START_RESPONSE_TIME = "gen_ai.performance.start_response_time"

EVALUATION_RESULT_EVENT = "gen_ai.evaluation.result"
EVALUATION_NAME = "gen_ai.evaluation.name"
EVALUATION_SCORE_VALUE = "gen_ai.evaluation.score.value"
EVALUATION_SCORE_LABEL = "gen_ai.evaluation.score.label"

REQUEST = "request"
RESPONSE = "response"
THREAT = "threat"
