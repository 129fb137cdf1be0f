#!/usr/bin/env bash
source <(curl -fsSL https://raw.githubusercontent.com/community-scripts/ProxmoxVE/main/misc/build.func)
# A demo app in the catalog's shape, for the update example (Examples/CreateContainer/Sources/update-container).
APP="Demo"
var_tags="${var_tags:-demo}"
var_cpu="${var_cpu:-1}"
var_ram="${var_ram:-512}"
var_disk="${var_disk:-2}"
var_os="${var_os:-debian}"
var_version="${var_version:-13}"
var_unprivileged="${var_unprivileged:-1}"

header_info "$APP"
variables
color
catch_errors

function update_script() {
  header_info
  if [[ ! -d /opt/demo ]]; then
    msg_error "No ${APP} Installation Found!"
    exit
  fi
  msg_info "Updating ${APP}"
  echo "2.0.0" >"/root/.${NSAPP}"
  msg_ok "Updated ${APP}"
  exit
}

start
build_container
description
