/// Namespace marker for the ConfigResolution module (settings layering; see issue 3).
enum ConfigResolutionModule {}
