// Each popup opening counts a visit in the background, waking it when it is suspended.
browser.runtime.sendMessage({ type: 'visit' }).then(reply => console.log('visits so far:', reply.visits));
