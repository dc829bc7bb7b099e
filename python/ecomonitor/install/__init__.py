"""Installing the platform on the office's Windows PCs, also without internet access."""
