/// Namespace marker for the ContainerKit module (the create workflow; see issue 5).
enum ContainerKitModule {}
