cd /work/wt/xl
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/caseqa eval eval/gold/mixed.jsonl --corpus seeds --corpus /work/shared/corpus/zh-law -q --out /work/wt/out/xl/$1 "${@:2}"
python /tmp/table.py /work/wt/out/xl/$1 | tail -1
python -c "import json;m=json.load(open('/work/wt/out/xl/$1/metrics.json'));print({k:v for k,v in (m.get('overall') or m).items() if k in ('evidence_recall@8','mrr','token_f1','doc_hit@8')})" 2>/dev/null
