cd /work/wt/xl
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
O=/work/wt/out/xl/$1; mkdir -p $O; D=/work/shared/datasets
.venv/bin/caseqa eval eval/gold/seeds.jsonl -q --out $O/seeds
.venv/bin/caseqa eval $D/cjrc-dev/qa.jsonl --corpus $D/cjrc-dev/corpus.jsonl --scope doc -q --out $O/cjrc-doc
.venv/bin/caseqa eval $D/cjrc-dev/qa.jsonl --corpus $D/cjrc-dev/corpus.jsonl -q --out $O/cjrc-global
.venv/bin/caseqa eval $D/policyqa-dev/qa.jsonl --corpus $D/policyqa-dev/corpus.jsonl --scope doc -q --out $O/policy
for d in seeds cjrc-doc cjrc-global policy; do python /tmp/table.py $O/$d | tail -1; grep -E "^\| (evidence_recall@8|mrr) " $O/$d/report.md | cut -d'|' -f2,3 | tr '\n' ' '; echo; done
.venv/bin/caseqa eval eval/gold/mixed.jsonl --corpus seeds --corpus /work/shared/corpus/zh-law -q --out $O/mixed
python /tmp/table.py $O/mixed | tail -1; grep -E "^\| (evidence_recall@8|mrr) " $O/mixed/report.md | cut -d'|' -f2,3 | tr '\n' ' '; echo
