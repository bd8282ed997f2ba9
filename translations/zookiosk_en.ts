<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ConsoleWords</name>
    <message>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Healthy</translation>
    </message>
    <message>
        <source>Needs a look</source>
        <translation>Needs a look</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>The AI service failed several times: the kiosk has paused it (circuit breaker open).</source>
        <translation>The AI service failed several times: the kiosk has paused it (circuit breaker open).</translation>
    </message>
    <message>
        <source>Emergency mode is on: the animals answer from their own facts.</source>
        <translation>Emergency mode is on: the animals answer from their own facts.</translation>
    </message>
    <message>
        <source>%1% of the budget is spent.</source>
        <translation>%1% of the budget is spent.</translation>
    </message>
    <message>
        <source>The budget is spent: the animals answer offline until it resets or is raised.</source>
        <translation>The budget is spent: the animals answer offline until it resets or is raised.</translation>
    </message>
    <message>
        <source>No API key in use: the animals answer offline.</source>
        <translation>No API key in use: the animals answer offline.</translation>
    </message>
    <message>
        <source>Connecting and logging in…</source>
        <translation>Connecting and logging in…</translation>
    </message>
    <message>
        <source>The kiosk did not accept this console&apos;s token. Check the token set on the kiosk (zookioskctl fleet set-token), then remove this kiosk here and add it again with that token.</source>
        <translation>The kiosk did not accept this console's token. Check the token set on the kiosk (zookioskctl fleet set-token), then remove this kiosk here and add it again with that token.</translation>
    </message>
    <message>
        <source>This console does not trust the kiosk&apos;s certificate. Remove the kiosk and add it again with the CA file (PEM) that signed its certificate. Trying again in %1 s.</source>
        <translation>This console does not trust the kiosk's certificate. Remove the kiosk and add it again with the CA file (PEM) that signed its certificate. Trying again in %1 s.</translation>
    </message>
    <message>
        <source>The kiosk cannot be reached (switched off, or no network?). Trying again in %1 s.</source>
        <translation>The kiosk cannot be reached (switched off, or no network?). Trying again in %1 s.</translation>
    </message>
    <message>
        <source>Logged in; waiting for the first status…</source>
        <translation>Logged in; waiting for the first status…</translation>
    </message>
    <message>
        <source>Connected and healthy.</source>
        <translation>Connected and healthy.</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>the welcome screen</source>
        <translation>the welcome screen</translation>
    </message>
    <message>
        <source>the animal picker</source>
        <translation>the animal picker</translation>
    </message>
    <message>
        <source>a conversation</source>
        <translation>a conversation</translation>
    </message>
    <message>
        <source>the staff admin panel</source>
        <translation>the staff admin panel</translation>
    </message>
    <message>
        <source>no screen (zookioskctl serve)</source>
        <translation>no screen (zookioskctl serve)</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>half-open (trying again)</source>
        <translation>half-open (trying again)</translation>
    </message>
    <message>
        <source>The kiosk is not connected; try again when its light is green or amber.</source>
        <translation>The kiosk is not connected; try again when its light is green or amber.</translation>
    </message>
    <message>
        <source>The kiosk refused it: %1</source>
        <translation>The kiosk refused it: %1</translation>
    </message>
    <message>
        <source>Too many requests at once; wait a moment and try again.</source>
        <translation>Too many requests at once; wait a moment and try again.</translation>
    </message>
    <message>
        <source>The kiosk could not do it (%1).</source>
        <translation>The kiosk could not do it (%1).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The kiosk could not start. Please call a member of staff.</source>
        <translation>The kiosk could not start. Please call a member of staff.</translation>
    </message>
</context>
<context>
    <name>zk::ConfigLoader</name>
    <message>
        <source>expected a whole number from %1 to %2</source>
        <translation>expected a whole number from %1 to %2</translation>
    </message>
    <message>
        <source>expected a number from %1 to %2</source>
        <translation>expected a number from %1 to %2</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>expected true or false</translation>
    </message>
    <message>
        <source>expected a URL such as https://api.openai.com/v1</source>
        <translation>expected a URL such as https://api.openai.com/v1</translation>
    </message>
    <message>
        <source>expected &quot;chat&quot; or &quot;responses&quot;</source>
        <translation>expected "chat" or "responses"</translation>
    </message>
    <message>
        <source>expected a readable PEM file of CA certificates</source>
        <translation>expected a readable PEM file of CA certificates</translation>
    </message>
    <message>
        <source>expected a comma-separated list of model names, primary first</source>
        <translation>expected a comma-separated list of model names, primary first</translation>
    </message>
    <message>
        <source>expected a number from 0 to 2</source>
        <translation>expected a number from 0 to 2</translation>
    </message>
    <message>
        <source>expected &quot;en&quot; or &quot;es&quot;</source>
        <translation>expected "en" or "es"</translation>
    </message>
    <message>
        <source>expected a model name</source>
        <translation>expected a model name</translation>
    </message>
    <message>
        <source>expected a moderation model name such as omni-moderation-latest</source>
        <translation>expected a moderation model name such as omni-moderation-latest</translation>
    </message>
    <message>
        <source>expected HOST:PORT, e.g. 127.0.0.1:8765 or [::1]:8765 (empty: off)</source>
        <translation>expected HOST:PORT, e.g. 127.0.0.1:8765 or [::1]:8765 (empty: off)</translation>
    </message>
    <message>
        <source>expected a directory path</source>
        <translation>expected a directory path</translation>
    </message>
    <message>
        <source>expected &quot;&lt;input USD per million tokens&gt;,&lt;output USD per million tokens&gt;&quot;</source>
        <translation>expected "&lt;input USD per million tokens&gt;,&lt;output USD per million tokens&gt;"</translation>
    </message>
    <message>
        <source>expected a moderation category such as violence or self-harm/intent</source>
        <translation>expected a moderation category such as violence or self-harm/intent</translation>
    </message>
    <message>
        <source>expected a number from 0 to 1</source>
        <translation>expected a number from 0 to 1</translation>
    </message>
    <message>
        <source>unknown setting &quot;%1&quot;</source>
        <translation>unknown setting "%1"</translation>
    </message>
    <message>
        <source>%1 is set in the config file or the environment only</source>
        <translation>%1 is set in the config file or the environment only</translation>
    </message>
    <message>
        <source>expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (empty: off)</source>
        <translation>expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (empty: off)</translation>
    </message>
    <message>
        <source>expected 1 to 64 letters, digits, dots, dashes or underscores</source>
        <translation>expected 1 to 64 letters, digits, dots, dashes or underscores</translation>
    </message>
</context>
<context>
    <name>zk::OpeningHours</name>
    <message>
        <source>&quot;%1&quot; is not &quot;[DAYS ]HH:MM-HH:MM&quot; (DAYS such as mon, mon-fri or daily)</source>
        <translation>"%1" is not "[DAYS ]HH:MM-HH:MM" (DAYS such as mon, mon-fri or daily)</translation>
    </message>
</context>
<context>
    <name>zk::ui::AccessBar</name>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Zoo Kiosk</translation>
    </message>
    <message>
        <source>Español</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>zk::ui::AddKioskForm</name>
    <message>
        <source>Add a kiosk</source>
        <translation>Add a kiosk</translation>
    </message>
    <message>
        <source>Name, e.g. Reptile house</source>
        <translation>Name, e.g. Reptile house</translation>
    </message>
    <message>
        <source>Address, e.g. wss://kiosk-3.zoo.lan:8765</source>
        <translation>Address, e.g. wss://kiosk-3.zoo.lan:8765</translation>
    </message>
    <message>
        <source>The kiosk&apos;s fleet token</source>
        <translation>The kiosk's fleet token</translation>
    </message>
    <message>
        <source>wss only: CA file (PEM) if the kiosk&apos;s certificate is your own</source>
        <translation>wss only: CA file (PEM) if the kiosk's certificate is your own</translation>
    </message>
    <message>
        <source>Add kiosk</source>
        <translation>Add kiosk</translation>
    </message>
    <message>
        <source>Added %1; connecting.</source>
        <translation>Added %1; connecting.</translation>
    </message>
    <message>
        <source>The kiosk list could not be saved; nothing was added.</source>
        <translation>The kiosk list could not be saved; nothing was added.</translation>
    </message>
    <message>
        <source>Give the kiosk a name.</source>
        <translation>Give the kiosk a name.</translation>
    </message>
    <message>
        <source>There is already a kiosk with this name.</source>
        <translation>There is already a kiosk with this name.</translation>
    </message>
    <message>
        <source>The address should look like ws://127.0.0.1:8765 or wss://kiosk-3.zoo.lan:8765.</source>
        <translation>The address should look like ws://127.0.0.1:8765 or wss://kiosk-3.zoo.lan:8765.</translation>
    </message>
    <message>
        <source>The token is the one set on the kiosk: at least 16 characters, without spaces.</source>
        <translation>The token is the one set on the kiosk: at least 16 characters, without spaces.</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from the CA file.</source>
        <translation>No PEM certificate could be read from the CA file.</translation>
    </message>
</context>
<context>
    <name>zk::ui::AdminPanel</name>
    <message>
        <source>Staff admin panel</source>
        <translation>Staff admin panel</translation>
    </message>
    <message>
        <source>Lock and close</source>
        <translation>Lock and close</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Keyboard</translation>
    </message>
    <message>
        <source>Animals</source>
        <translation>Animals</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Guardrails</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Usage and cost</source>
        <translation>Usage and cost</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Fleet</translation>
    </message>
</context>
<context>
    <name>zk::ui::AlertsPanel</name>
    <message>
        <source>%1 · %2 · %3
%4</source>
        <translation>%1 · %2 · %3
%4</translation>
    </message>
</context>
<context>
    <name>zk::ui::AnimalForm</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Species</source>
        <translation>Species</translation>
    </message>
    <message>
        <source>Personality</source>
        <translation>Personality</translation>
    </message>
    <message>
        <source>Facts (one per line)</source>
        <translation>Facts (one per line)</translation>
    </message>
    <message>
        <source>Suggested questions (one per line)</source>
        <translation>Suggested questions (one per line)</translation>
    </message>
    <message>
        <source>Conservation status</source>
        <translation>Conservation status</translation>
    </message>
    <message>
        <source>Emergency message</source>
        <translation>Emergency message</translation>
    </message>
</context>
<context>
    <name>zk::ui::AnimalsPage</name>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanish</translation>
    </message>
    <message>
        <source>Shown on the kiosk</source>
        <translation>Shown on the kiosk</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>The animals could not be read.</source>
        <translation>The animals could not be read.</translation>
    </message>
    <message>
        <source>Not saved yet: %1</source>
        <translation>Not saved yet: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>The animal could not be saved.</source>
        <translation>The animal could not be saved.</translation>
    </message>
    <message>
        <source>Saved. New prompt version: %1.</source>
        <translation>Saved. New prompt version: %1.</translation>
    </message>
</context>
<context>
    <name>zk::ui::AttractScreen</name>
    <message>
        <source>Tap to talk to an animal!</source>
        <translation>Tap to talk to an animal!</translation>
    </message>
</context>
<context>
    <name>zk::ui::ChatScreen</name>
    <message>
        <source>Other animals</source>
        <translation>Other animals</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Start over</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Type your question here</source>
        <translation>Type your question here</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Our animal ambassadors are taking a short break.</source>
        <translation>Our animal ambassadors are taking a short break.</translation>
    </message>
    <message>
        <source>Type a question for %1, or tap one of the buttons!</source>
        <translation>Type a question for %1, or tap one of the buttons!</translation>
    </message>
    <message>
        <source>That is a lot of words! Could you ask it a bit shorter, please?</source>
        <translation>That is a lot of words! Could you ask it a bit shorter, please?</translation>
    </message>
    <message>
        <source>Oops, something got tangled. Please try again.</source>
        <translation>Oops, something got tangled. Please try again.</translation>
    </message>
</context>
<context>
    <name>zk::ui::ConsoleWindow</name>
    <message>
        <source>Zoo Kiosk staff console</source>
        <translation>Zoo Kiosk staff console</translation>
    </message>
    <message>
        <source>The list of kiosks could not be read:
%1</source>
        <translation>The list of kiosks could not be read:
%1</translation>
    </message>
    <message>
        <source>Kiosks</source>
        <translation>Kiosks</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconnect now</translation>
    </message>
    <message>
        <source>Live alerts, newest first</source>
        <translation>Live alerts, newest first</translation>
    </message>
    <message>
        <source>Choose a kiosk in the table to see and change its settings.</source>
        <translation>Choose a kiosk in the table to see and change its settings.</translation>
    </message>
    <message>
        <source>Tap again to remove</source>
        <translation>Tap again to remove</translation>
    </message>
    <message>
        <source>Remove kiosk</source>
        <translation>Remove kiosk</translation>
    </message>
</context>
<context>
    <name>zk::ui::FleetPage</name>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Turns</translation>
    </message>
    <message>
        <source>Model calls</source>
        <translation>Model calls</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>When (UTC)</translation>
    </message>
    <message>
        <source>Animal</source>
        <translation>Animal</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>The central store is off on this kiosk (central/url in the config file, or ZOOKIOSK_CENTRAL_URL).</source>
        <translation>The central store is off on this kiosk (central/url in the config file, or ZOOKIOSK_CENTRAL_URL).</translation>
    </message>
    <message>
        <source>Loading from the central store…</source>
        <translation>Loading from the central store…</translation>
    </message>
    <message>
        <source>The central store cannot be reached just now. This kiosk keeps working and ships its data when it is back.</source>
        <translation>The central store cannot be reached just now. This kiosk keeps working and ships its data when it is back.</translation>
    </message>
    <message>
        <source>Central store: %1 kiosks, %2 turns, %3 events.</source>
        <translation>Central store: %1 kiosks, %2 turns, %3 events.</translation>
    </message>
    <message>
        <source>Fleet budget today: %1 of %2 committed (%3 calls in flight).</source>
        <translation>Fleet budget today: %1 of %2 committed (%3 calls in flight).</translation>
    </message>
    <message>
        <source>No fleet budget has been used today.</source>
        <translation>No fleet budget has been used today.</translation>
    </message>
</context>
<context>
    <name>zk::ui::FleetTable</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>What it means</translation>
    </message>
</context>
<context>
    <name>zk::ui::GuardrailsPage</name>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>What the animal must always, never, or rather (not) do</source>
        <translation>What the animal must always, never, or rather (not) do</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>New rule</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>Save rule</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>Switch off</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>All animals</source>
        <translation>All animals</translation>
    </message>
    <message>
        <source>Preview for %1</source>
        <translation>Preview for %1</translation>
    </message>
    <message>
        <source>The guardrails could not be read.</source>
        <translation>The guardrails could not be read.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Switch on</source>
        <translation>Switch on</translation>
    </message>
    <message>
        <source>Write the rule first.</source>
        <translation>Write the rule first.</translation>
    </message>
    <message>
        <source>A rule is at most 500 characters.</source>
        <translation>A rule is at most 500 characters.</translation>
    </message>
    <message>
        <source>The rule could not be saved.</source>
        <translation>The rule could not be saved.</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>Rule saved.</translation>
    </message>
    <message>
        <source>Rule switched on.</source>
        <translation>Rule switched on.</translation>
    </message>
    <message>
        <source>Rule switched off.</source>
        <translation>Rule switched off.</translation>
    </message>
    <message>
        <source>Tap again to delete</source>
        <translation>Tap again to delete</translation>
    </message>
    <message>
        <source>The rule could not be deleted.</source>
        <translation>The rule could not be deleted.</translation>
    </message>
    <message>
        <source>Rule deleted.</source>
        <translation>Rule deleted.</translation>
    </message>
</context>
<context>
    <name>zk::ui::HealthPage</name>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation>Circuit breaker</translation>
    </message>
    <message>
        <source>Reset breaker</source>
        <translation>Reset breaker</translation>
    </message>
    <message>
        <source>Rate-limit headroom</source>
        <translation>Rate-limit headroom</translation>
    </message>
    <message>
        <source>Requests: %p% left</source>
        <translation>Requests: %p% left</translation>
    </message>
    <message>
        <source>Tokens: %p% left</source>
        <translation>Tokens: %p% left</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Check integrity</source>
        <translation>Check integrity</translation>
    </message>
    <message>
        <source>Last 50 events</source>
        <translation>Last 50 events</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>No API key: the animals answer offline.</source>
        <translation>No API key: the animals answer offline.</translation>
    </message>
    <message>
        <source>API key set (from the environment).</source>
        <translation>API key set (from the environment).</translation>
    </message>
    <message>
        <source>API key set (stored, encrypted).</source>
        <translation>API key set (stored, encrypted).</translation>
    </message>
    <message>
        <source>closed (calls go out)</source>
        <translation>closed (calls go out)</translation>
    </message>
    <message>
        <source>OPEN (answers offline until a probe succeeds)</source>
        <translation>OPEN (answers offline until a probe succeeds)</translation>
    </message>
    <message>
        <source>half-open (one probe call decides)</source>
        <translation>half-open (one probe call decides)</translation>
    </message>
    <message>
        <source>%1: %2; %3 failures in a row, %4 of the last %5 calls failed.</source>
        <translation>%1: %2; %3 failures in a row, %4 of the last %5 calls failed.</translation>
    </message>
    <message>
        <source>%1 turns, %2 blocked (UTC day).</source>
        <translation>%1 turns, %2 blocked (UTC day).</translation>
    </message>
    <message>
        <source>Today&apos;s turns could not be counted.</source>
        <translation>Today's turns could not be counted.</translation>
    </message>
    <message>
        <source>%1 (%2 KiB)</source>
        <translation>%1 (%2 KiB)</translation>
    </message>
    <message>
        <source>%1 critical, %2 errors, %3 warnings, %4 information</source>
        <translation>%1 critical, %2 errors, %3 warnings, %4 information</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>Connected in %1 ms; %2 models available.</source>
        <translation>Connected in %1 ms; %2 models available.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Not connected: %1</translation>
    </message>
    <message>
        <source>The breaker could not be reset.</source>
        <translation>The breaker could not be reset.</translation>
    </message>
    <message>
        <source>Integrity check passed.</source>
        <translation>Integrity check passed.</translation>
    </message>
    <message>
        <source>The database is damaged: %1</source>
        <translation>The database is damaged: %1</translation>
    </message>
</context>
<context>
    <name>zk::ui::HistoryFilterBar</name>
    <message>
        <source>All animals</source>
        <translation>All animals</translation>
    </message>
    <message>
        <source>Any source</source>
        <translation>Any source</translation>
    </message>
    <message>
        <source>From – to</source>
        <translation>From – to</translation>
    </message>
    <message>
        <source>Blocked only</source>
        <translation>Blocked only</translation>
    </message>
    <message>
        <source>Words in the question or the reply</source>
        <translation>Words in the question or the reply</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>zk::ui::HistoryPage</name>
    <message>
        <source>Asked</source>
        <translation>Asked</translation>
    </message>
    <message>
        <source>Animal</source>
        <translation>Animal</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risk</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categories</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latency (ms)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>File path without extension; .csv or .json is added</source>
        <translation>File path without extension; .csv or .json is added</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Export JSON</source>
        <translation>Export JSON</translation>
    </message>
    <message>
        <source>The history could not be read.</source>
        <translation>The history could not be read.</translation>
    </message>
    <message>
        <source>Showing the newest %1 turns; the export holds them all.</source>
        <translation>Showing the newest %1 turns; the export holds them all.</translation>
    </message>
    <message>
        <source>%1 turns.</source>
        <translation>%1 turns.</translation>
    </message>
    <message>
        <source>Give a file path to export to.</source>
        <translation>Give a file path to export to.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
    <message>
        <source>%1 turns written to %2.</source>
        <translation>%1 turns written to %2.</translation>
    </message>
</context>
<context>
    <name>zk::ui::IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Tap anywhere to keep talking.</source>
        <translation>Tap anywhere to keep talking.</translation>
    </message>
    <message>
        <source>I&apos;m still here!</source>
        <translation>I'm still here!</translation>
    </message>
</context>
<context>
    <name>zk::ui::KioskWindow</name>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Zoo Kiosk</translation>
    </message>
</context>
<context>
    <name>zk::ui::OnScreenKeyboard</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <source>space</source>
        <translation>space</translation>
    </message>
    <message>
        <source>123</source>
        <translation>123</translation>
    </message>
    <message>
        <source>ABC</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>send</source>
        <translation>send</translation>
    </message>
</context>
<context>
    <name>zk::ui::PickerScreen</name>
    <message>
        <source>Tap an animal to talk!</source>
        <translation>Tap an animal to talk!</translation>
    </message>
</context>
<context>
    <name>zk::ui::PinPadScreen</name>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>No staff PIN is set yet. Choose one: at least 6 digits, or a passphrase of at least 10 characters.</source>
        <translation>No staff PIN is set yet. Choose one: at least 6 digits, or a passphrase of at least 10 characters.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>Staff PIN</translation>
    </message>
    <message>
        <source>Choose a staff PIN</source>
        <translation>Choose a staff PIN</translation>
    </message>
    <message>
        <source>Enter the new PIN again</source>
        <translation>Enter the new PIN again</translation>
    </message>
    <message>
        <source>Use digits</source>
        <translation>Use digits</translation>
    </message>
    <message>
        <source>Use a passphrase</source>
        <translation>Use a passphrase</translation>
    </message>
    <message>
        <source>Not accepted: use at least 6 digits (not all the same), or a passphrase of at least 10 characters.</source>
        <translation>Not accepted: use at least 6 digits (not all the same), or a passphrase of at least 10 characters.</translation>
    </message>
    <message>
        <source>Enter the same PIN once more to confirm it.</source>
        <translation>Enter the same PIN once more to confirm it.</translation>
    </message>
    <message>
        <source>The two entries were different. Please choose the PIN again.</source>
        <translation>The two entries were different. Please choose the PIN again.</translation>
    </message>
    <message>
        <source>The PIN could not be saved.</source>
        <translation>The PIN could not be saved.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left before entry locks: %1.</source>
        <translation>Wrong PIN. Tries left before entry locks: %1.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Entry is locked; try again in %1 min.</source>
        <translation>Too many wrong PINs. Entry is locked; try again in %1 min.</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Back to the kiosk</translation>
    </message>
</context>
<context>
    <name>zk::ui::PromptPreview</name>
    <message>
        <source>System prompt preview</source>
        <translation>System prompt preview</translation>
    </message>
    <message>
        <source>System prompt preview (version %1)</source>
        <translation>System prompt preview (version %1)</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteAnimalsPage</name>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanish</translation>
    </message>
    <message>
        <source>Shown on the kiosk</source>
        <translation>Shown on the kiosk</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Saved on the kiosk.</source>
        <translation>Saved on the kiosk.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteGuardrailsPage</name>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>What the animal must always, never, rather or rather not do</source>
        <translation>What the animal must always, never, rather or rather not do</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>New rule</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>Save rule</translation>
    </message>
    <message>
        <source>All animals</source>
        <translation>All animals</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Saved on the kiosk.</source>
        <translation>Saved on the kiosk.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteHistoryPage</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Animal</source>
        <translation>Animal</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>No turns match.</source>
        <translation>No turns match.</translation>
    </message>
    <message>
        <source>%1 turns, newest first.</source>
        <translation>%1 turns, newest first.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteKioskPanel</name>
    <message>
        <source>Kiosk: %1</source>
        <translation>Kiosk: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Animals</source>
        <translation>Animals</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Guardrails</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Usage and cost</source>
        <translation>Usage and cost</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteSettingsPage</name>
    <message>
        <source>Settings (used from the kiosk&apos;s next start)</source>
        <translation>Settings (used from the kiosk's next start)</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>The kiosk&apos;s default</source>
        <translation>The kiosk's default</translation>
    </message>
    <message>
        <source>Set on the kiosk&apos;s command line or environment; it cannot be changed here.</source>
        <translation>Set on the kiosk's command line or environment; it cannot be changed here.</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Refused by the kiosk: %1</source>
        <translation>Refused by the kiosk: %1</translation>
    </message>
    <message>
        <source>%1 saved, %2 refused: see the messages beside the fields.</source>
        <translation>%1 saved, %2 refused: see the messages beside the fields.</translation>
    </message>
    <message>
        <source>%1 saved. They take effect when the kiosk next starts.</source>
        <translation>%1 saved. They take effect when the kiosk next starts.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteStatusPage</name>
    <message>
        <source>Reset breaker</source>
        <translation>Reset breaker</translation>
    </message>
    <message>
        <source>Last events on the kiosk</source>
        <translation>Last events on the kiosk</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Switch emergency mode on</source>
        <translation>Switch emergency mode on</translation>
    </message>
    <message>
        <source>Version %1, running for %2 h %3 min, showing: %4</source>
        <translation>Version %1, running for %2 h %3 min, showing: %4</translation>
    </message>
    <message>
        <source>Circuit breaker closed: calls to %1 go through.</source>
        <translation>Circuit breaker closed: calls to %1 go through.</translation>
    </message>
    <message>
        <source>Circuit breaker %1 after %2 failures in a row: the animals answer offline until it closes or is reset.</source>
        <translation>Circuit breaker %1 after %2 failures in a row: the animals answer offline until it closes or is reset.</translation>
    </message>
    <message>
        <source>Emergency mode on: every answer comes from the animal&apos;s own facts or its emergency message.</source>
        <translation>Emergency mode on: every answer comes from the animal's own facts or its emergency message.</translation>
    </message>
    <message>
        <source>Emergency mode off: the animals answer normally.</source>
        <translation>Emergency mode off: the animals answer normally.</translation>
    </message>
    <message>
        <source>Switch emergency mode off</source>
        <translation>Switch emergency mode off</translation>
    </message>
    <message>
        <source>Spent today US$ %1 of %2; this month US$ %3 of %4.</source>
        <translation>Spent today US$ %1 of %2; this month US$ %3 of %4.</translation>
    </message>
    <message>
        <source>The breaker is reset.</source>
        <translation>The breaker is reset.</translation>
    </message>
    <message>
        <source>Emergency mode stays on: the kiosk&apos;s config file switches it on.</source>
        <translation>Emergency mode stays on: the kiosk's config file switches it on.</translation>
    </message>
    <message>
        <source>Emergency mode is on.</source>
        <translation>Emergency mode is on.</translation>
    </message>
    <message>
        <source>Emergency mode is off.</source>
        <translation>Emergency mode is off.</translation>
    </message>
</context>
<context>
    <name>zk::ui::SettingsPage</name>
    <message>
        <source>Block at moderation score: %1</source>
        <translation>Block at moderation score: %1</translation>
    </message>
    <message>
        <source>Models, first choice first (comma-separated)</source>
        <translation>Models, first choice first (comma-separated)</translation>
    </message>
    <message>
        <source>Connect timeout (ms)</source>
        <translation>Connect timeout (ms)</translation>
    </message>
    <message>
        <source>First-answer timeout (ms)</source>
        <translation>First-answer timeout (ms)</translation>
    </message>
    <message>
        <source>Stall timeout while streaming (ms)</source>
        <translation>Stall timeout while streaming (ms)</translation>
    </message>
    <message>
        <source>Whole-answer deadline (ms)</source>
        <translation>Whole-answer deadline (ms)</translation>
    </message>
    <message>
        <source>Daily budget (US$)</source>
        <translation>Daily budget (US$)</translation>
    </message>
    <message>
        <source>Monthly budget (US$)</source>
        <translation>Monthly budget (US$)</translation>
    </message>
    <message>
        <source>Budget warning at (share, 0.8 = 80%)</source>
        <translation>Budget warning at (share, 0.8 = 80%)</translation>
    </message>
    <message>
        <source>&quot;Are you still there?&quot; after (ms)</source>
        <translation>"Are you still there?" after (ms)</translation>
    </message>
    <message>
        <source>Then the visit ends after (ms)</source>
        <translation>Then the visit ends after (ms)</translation>
    </message>
    <message>
        <source>Starting language (en or es)</source>
        <translation>Starting language (en or es)</translation>
    </message>
    <message>
        <source>Remote moderation (true or false)</source>
        <translation>Remote moderation (true or false)</translation>
    </message>
    <message>
        <source>Moderation model</source>
        <translation>Moderation model</translation>
    </message>
    <message>
        <source>Moderation timeout (ms)</source>
        <translation>Moderation timeout (ms)</translation>
    </message>
    <message>
        <source>Keep conversations for (days)</source>
        <translation>Keep conversations for (days)</translation>
    </message>
    <message>
        <source>Emergency mode</source>
        <translation>Emergency mode</translation>
    </message>
    <message>
        <source>OpenAI API key</source>
        <translation>OpenAI API key</translation>
    </message>
    <message>
        <source>Paste or type a new key</source>
        <translation>Paste or type a new key</translation>
    </message>
    <message>
        <source>Store key</source>
        <translation>Store key</translation>
    </message>
    <message>
        <source>Settings (used from the kiosk&apos;s next start)</source>
        <translation>Settings (used from the kiosk's next start)</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>No key in use.</source>
        <translation>No key in use.</translation>
    </message>
    <message>
        <source>Key in use: %1 (%2)</source>
        <translation>Key in use: %1 (%2)</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Not stored: %1</source>
        <translation>Not stored: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>%1 saved, %2 refused: see the messages beside the fields.</source>
        <translation>%1 saved, %2 refused: see the messages beside the fields.</translation>
    </message>
    <message>
        <source>%1 saved. They take effect when the kiosk next starts.</source>
        <translation>%1 saved. They take effect when the kiosk next starts.</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <source>Emergency mode could not be changed.</source>
        <translation>Emergency mode could not be changed.</translation>
    </message>
    <message>
        <source>On: every answer comes from the animal&apos;s own facts or its emergency message.</source>
        <translation>On: every answer comes from the animal's own facts or its emergency message.</translation>
    </message>
    <message>
        <source>Off: the animals answer normally.</source>
        <translation>Off: the animals answer normally.</translation>
    </message>
    <message>
        <source>Switch emergency mode off</source>
        <translation>Switch emergency mode off</translation>
    </message>
    <message>
        <source>Switch emergency mode on</source>
        <translation>Switch emergency mode on</translation>
    </message>
    <message>
        <source>Type a key first.</source>
        <translation>Type a key first.</translation>
    </message>
    <message>
        <source>The key was refused (spaces or control characters?).</source>
        <translation>The key was refused (spaces or control characters?).</translation>
    </message>
    <message>
        <source>Stored %1, encrypted. OPENAI_API_KEY in the environment is used while it is set.</source>
        <translation>Stored %1, encrypted. OPENAI_API_KEY in the environment is used while it is set.</translation>
    </message>
    <message>
        <source>Stored %1, encrypted; used from the kiosk&apos;s next start.</source>
        <translation>Stored %1, encrypted; used from the kiosk's next start.</translation>
    </message>
    <message>
        <source>Opening hours, dark outside them (e.g. mon-fri 09:00-17:30; empty: always on)</source>
        <translation>Opening hours, dark outside them (e.g. mon-fri 09:00-17:30; empty: always on)</translation>
    </message>
</context>
<context>
    <name>zk::ui::TranscriptView</name>
    <message>
        <source>Read aloud</source>
        <translation>Read aloud</translation>
    </message>
</context>
<context>
    <name>zk::ui::TypingIndicator</name>
    <message>
        <source>%1 is thinking</source>
        <translation>%1 is thinking</translation>
    </message>
</context>
<context>
    <name>zk::ui::UsagePage</name>
    <message>
        <source>The usage figures could not be read.</source>
        <translation>The usage figures could not be read.</translation>
    </message>
    <message>
        <source>Turns per animal</source>
        <translation>Turns per animal</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Turns</translation>
    </message>
    <message>
        <source>Failures by class</source>
        <translation>Failures by class</translation>
    </message>
    <message>
        <source>Reply latency per day (ms)</source>
        <translation>Reply latency per day (ms)</translation>
    </message>
    <message>
        <source>median (p50)</source>
        <translation>median (p50)</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 to %2</translation>
    </message>
</context>
<context>
    <name>zk::ui::UsageReportView</name>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Last 90 days</translation>
    </message>
    <message>
        <source>Today&apos;s budget</source>
        <translation>Today's budget</translation>
    </message>
    <message>
        <source>This month&apos;s budget</source>
        <translation>This month's budget</translation>
    </message>
    <message>
        <source>%1 turns, %2 model calls, %3 tokens, US$ %4</source>
        <translation>%1 turns, %2 model calls, %3 tokens, US$ %4</translation>
    </message>
    <message>
        <source>Cost per day (US$)</source>
        <translation>Cost per day (US$)</translation>
    </message>
    <message>
        <source>Tokens per day</source>
        <translation>Tokens per day</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Cost per model (US$)</source>
        <translation>Cost per model (US$)</translation>
    </message>
    <message>
        <source>US$</source>
        <translation>US$</translation>
    </message>
    <message>
        <source>Answers by source</source>
        <translation>Answers by source</translation>
    </message>
    <message>
        <source>US$ %1 of %2 (%3%)</source>
        <translation>US$ %1 of %2 (%3%)</translation>
    </message>
    <message>
        <source>A budget is spent: the animals answer offline until it resets or is raised.</source>
        <translation>A budget is spent: the animals answer offline until it resets or is raised.</translation>
    </message>
    <message>
        <source>Today&apos;s spending has passed %1% of the daily budget.</source>
        <translation>Today's spending has passed %1% of the daily budget.</translation>
    </message>
    <message>
        <source>This month&apos;s spending has passed %1% of the monthly budget.</source>
        <translation>This month's spending has passed %1% of the monthly budget.</translation>
    </message>
</context>
</TS>
