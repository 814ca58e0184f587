#!/bin/sh
# 일반 웹 서버에 게시: 저장소를 받아 검사하고 빌드한 뒤 rsync로 웹 폴더에 복사합니다.
# 사용: deploy/publish.sh /var/www/charter/      (또는 사용자@서버:/var/www/charter/)
# cron (매일 00:10 한국 시간, 서버 시간대와 관계없이):
#   CRON_TZ=Asia/Seoul
#   10 0 * * *  cd /srv/charter && deploy/publish.sh /var/www/charter/ >> /var/log/charter-publish.log 2>&1
set -eu
DEST="${1:?게시할 폴더를 지정하십시오, 예: deploy/publish.sh /var/www/charter/}"
cd "$(dirname "$0")/.."
if [ -d .git ]; then
  git pull --ff-only
fi
if [ ! -x .venv/bin/charterpress ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet -r requirements.txt
# 내용 오류나 경고(예시 전화번호·주소가 남은 경우 등)가 있으면 여기서 멈추고 게시된 사이트는 그대로 둡니다.
# 공개 기한은 보고만 합니다.
.venv/bin/charterpress check content --strict --deadlines report
.venv/bin/charterpress build content -o site --strict
rsync -a --delete site/ "$DEST"
