enum ProxmoxAPIModule {}
