// This machine runs Node 20. The AWS SDK warns at every start that its releases from 2027
// on need Node 22; the lock pins a release that supports 20, so locally the warning only
// buries the logs. Imported first by the scripts; functions and tests inherit the setting.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
